build-p/obj/reach/elf.o: src/reach/elf.c include/reach.h include/util.h
include/reach.h:
include/util.h:

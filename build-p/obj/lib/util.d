build-p/obj/lib/util.o: src/lib/util.c include/util.h
include/util.h:

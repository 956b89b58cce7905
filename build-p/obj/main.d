build-p/obj/main.o: src/main.c include/cmds.h include/util.h
include/cmds.h:
include/util.h:

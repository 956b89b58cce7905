build-p/obj/cmd/diff.o: src/cmd/diff.c include/cmds.h include/diff.h \
 include/util.h
include/cmds.h:
include/diff.h:
include/util.h:

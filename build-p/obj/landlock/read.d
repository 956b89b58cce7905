build-p/obj/landlock/read.o: src/landlock/read.c include/jsonutil.h \
 include/util.h include/landlock.h
include/jsonutil.h:
include/util.h:
include/landlock.h:

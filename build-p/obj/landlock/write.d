build-p/obj/landlock/write.o: src/landlock/write.c include/jsonutil.h \
 include/util.h include/landlock.h
include/jsonutil.h:
include/util.h:
include/landlock.h:

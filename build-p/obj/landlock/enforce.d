build-p/obj/landlock/enforce.o: src/landlock/enforce.c include/landlock.h \
 include/util.h include/landlock_uapi.h
include/landlock.h:
include/util.h:
include/landlock_uapi.h:

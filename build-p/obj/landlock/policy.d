build-p/obj/landlock/policy.o: src/landlock/policy.c include/landlock.h \
 include/util.h include/landlock_uapi.h
include/landlock.h:
include/util.h:
include/landlock_uapi.h:

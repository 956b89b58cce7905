build-p/obj/seccomp/profile.o: src/seccomp/profile.c include/names.h \
 include/jsonutil.h include/util.h include/seccomp_profile.h \
 include/syscalls.h include/learnprof_abi.h include/util.h
include/names.h:
include/jsonutil.h:
include/util.h:
include/seccomp_profile.h:
include/syscalls.h:
include/learnprof_abi.h:
include/util.h:

build-p/obj/seccomp/gen.o: src/seccomp/gen.c include/jsonutil.h \
 include/util.h include/names.h include/profile_name.h \
 include/recording.h include/learnprof_abi.h include/strmap.h \
 include/seccomp_gen.h include/syscalls.h include/util.h
include/jsonutil.h:
include/util.h:
include/names.h:
include/profile_name.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/seccomp_gen.h:
include/syscalls.h:
include/util.h:

build-p/obj/cmd/run.o: src/cmd/run.c include/cmds.h include/complain.h \
 include/landlock.h include/util.h include/seccomp_profile.h \
 include/syscalls.h include/learnprof_abi.h include/target.h \
 include/util.h
include/cmds.h:
include/complain.h:
include/landlock.h:
include/util.h:
include/seccomp_profile.h:
include/syscalls.h:
include/learnprof_abi.h:
include/target.h:
include/util.h:

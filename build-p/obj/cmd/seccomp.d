build-p/obj/cmd/seccomp.o: src/cmd/seccomp.c include/cmds.h \
 include/profile_name.h include/recording.h include/learnprof_abi.h \
 include/strmap.h include/recording.h include/seccomp_gen.h \
 include/util.h
include/cmds.h:
include/profile_name.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/recording.h:
include/seccomp_gen.h:
include/util.h:

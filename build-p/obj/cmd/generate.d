build-p/obj/cmd/generate.o: src/cmd/generate.c include/artifacts.h \
 include/recording.h include/learnprof_abi.h include/strmap.h \
 include/seccomp_gen.h include/cmds.h include/profile_name.h \
 include/recording.h include/seccomp_gen.h include/util.h
include/artifacts.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/seccomp_gen.h:
include/cmds.h:
include/profile_name.h:
include/recording.h:
include/seccomp_gen.h:
include/util.h:

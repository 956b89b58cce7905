build-p/obj/cmd/report.o: src/cmd/report.c include/cmds.h \
 include/recording.h include/learnprof_abi.h include/strmap.h \
 include/report.h include/caps.h include/recording.h include/paths.h \
 include/util.h include/seccomp_gen.h include/util.h
include/cmds.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/report.h:
include/caps.h:
include/recording.h:
include/paths.h:
include/util.h:
include/seccomp_gen.h:
include/util.h:

build-p/obj/report/report.o: src/report/report.c include/docker_default.h \
 include/names.h include/paths.h include/strmap.h include/util.h \
 include/report.h include/caps.h include/recording.h \
 include/learnprof_abi.h include/paths.h include/seccomp_gen.h \
 include/risk.h include/seccomp_gen.h include/strmap.h include/syscalls.h \
 include/util.h
include/docker_default.h:
include/names.h:
include/paths.h:
include/strmap.h:
include/util.h:
include/report.h:
include/caps.h:
include/recording.h:
include/learnprof_abi.h:
include/paths.h:
include/seccomp_gen.h:
include/risk.h:
include/seccomp_gen.h:
include/strmap.h:
include/syscalls.h:
include/util.h:

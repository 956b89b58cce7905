build-p/obj/generate/artifacts.o: src/generate/artifacts.c \
 include/apparmor.h include/recording.h include/learnprof_abi.h \
 include/strmap.h include/artifacts.h include/seccomp_gen.h \
 include/caps.h include/report.h include/caps.h include/paths.h \
 include/util.h include/seccomp_gen.h include/util.h
include/apparmor.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/artifacts.h:
include/seccomp_gen.h:
include/caps.h:
include/report.h:
include/caps.h:
include/paths.h:
include/util.h:
include/seccomp_gen.h:
include/util.h:

build-p/obj/report/text.o: src/report/text.c include/names.h \
 include/report.h include/caps.h include/recording.h \
 include/learnprof_abi.h include/strmap.h include/paths.h include/util.h \
 include/seccomp_gen.h include/risk.h include/util.h
include/names.h:
include/report.h:
include/caps.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/paths.h:
include/util.h:
include/seccomp_gen.h:
include/risk.h:
include/util.h:

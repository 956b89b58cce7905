build-p/obj/diff/diff.o: src/diff/diff.c include/caps.h \
 include/recording.h include/learnprof_abi.h include/strmap.h \
 include/diff.h include/jsonutil.h include/util.h include/names.h \
 include/recording.h include/report.h include/caps.h include/paths.h \
 include/seccomp_gen.h include/seccomp_profile.h include/syscalls.h \
 include/util.h src/diff/diff_int.h
include/caps.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/diff.h:
include/jsonutil.h:
include/util.h:
include/names.h:
include/recording.h:
include/report.h:
include/caps.h:
include/paths.h:
include/seccomp_gen.h:
include/seccomp_profile.h:
include/syscalls.h:
include/util.h:
src/diff/diff_int.h:

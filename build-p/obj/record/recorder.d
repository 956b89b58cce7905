build-p/obj/record/recorder.o: src/record/recorder.c \
 build-p/learnprof.skel.h src/record/recorder_int.h include/recording.h \
 include/learnprof_abi.h include/strmap.h include/volatile.h \
 include/ksyms.h include/learnprof_abi.h include/names.h include/paths.h \
 include/util.h include/recorder.h include/recording.h include/syscalls.h \
 include/util.h
build-p/learnprof.skel.h:
src/record/recorder_int.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/volatile.h:
include/ksyms.h:
include/learnprof_abi.h:
include/names.h:
include/paths.h:
include/util.h:
include/recorder.h:
include/recording.h:
include/syscalls.h:
include/util.h:

build-p/obj/record/maps.o: src/record/maps.c build-p/learnprof.skel.h \
 src/record/recorder_int.h include/recording.h include/learnprof_abi.h \
 include/strmap.h include/volatile.h include/ksyms.h \
 include/learnprof_abi.h include/names.h include/syscalls.h \
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
include/syscalls.h:
include/util.h:

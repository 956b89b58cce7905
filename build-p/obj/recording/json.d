build-p/obj/recording/json.o: src/recording/json.c include/jsonutil.h \
 include/util.h include/names.h include/recording.h \
 include/learnprof_abi.h include/strmap.h include/syscalls.h \
 include/util.h include/volatile.h
include/jsonutil.h:
include/util.h:
include/names.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/syscalls.h:
include/util.h:
include/volatile.h:

build-p/obj/reach/reach.o: src/reach/reach.c include/reach.h \
 include/util.h include/recording.h include/learnprof_abi.h \
 include/strmap.h include/strmap.h include/syscalls.h
include/reach.h:
include/util.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/strmap.h:
include/syscalls.h:

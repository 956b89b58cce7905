build-p/obj/run/complain.o: src/run/complain.c include/complain.h \
 include/learnprof_abi.h include/syscalls.h include/learnprof_abi.h \
 include/util.h
include/complain.h:
include/learnprof_abi.h:
include/syscalls.h:
include/learnprof_abi.h:
include/util.h:

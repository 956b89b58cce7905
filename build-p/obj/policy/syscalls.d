build-p/obj/policy/syscalls.o: src/policy/syscalls.c include/syscalls.h \
 include/learnprof_abi.h include/util.h
include/syscalls.h:
include/learnprof_abi.h:
include/util.h:

build-p/obj/policy/volatile.o: src/policy/volatile.c \
 include/learnprof_abi.h include/util.h include/volatile.h \
 include/strmap.h
include/learnprof_abi.h:
include/util.h:
include/volatile.h:
include/strmap.h:

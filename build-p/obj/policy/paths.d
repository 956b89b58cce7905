build-p/obj/policy/paths.o: src/policy/paths.c include/learnprof_abi.h \
 include/paths.h include/strmap.h include/util.h include/util.h
include/learnprof_abi.h:
include/paths.h:
include/strmap.h:
include/util.h:
include/util.h:

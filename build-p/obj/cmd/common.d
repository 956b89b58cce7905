build-p/obj/cmd/common.o: src/cmd/common.c include/cmds.h \
 include/recording.h include/learnprof_abi.h include/strmap.h \
 include/util.h
include/cmds.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/util.h:

build-p/obj/cmd/merge.o: src/cmd/merge.c include/cmds.h \
 include/recording.h include/learnprof_abi.h include/strmap.h \
 include/util.h
include/cmds.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/util.h:

build-p/obj/cmd/reach.o: src/cmd/reach.c include/cmds.h include/reach.h \
 include/util.h include/recording.h include/learnprof_abi.h \
 include/strmap.h include/util.h
include/cmds.h:
include/reach.h:
include/util.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/util.h:

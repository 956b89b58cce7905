build-p/obj/cmd/caps.o: src/cmd/caps.c include/caps.h include/recording.h \
 include/learnprof_abi.h include/strmap.h include/cmds.h \
 include/profile_name.h include/recording.h include/util.h
include/caps.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/cmds.h:
include/profile_name.h:
include/recording.h:
include/util.h:

build-p/obj/cmd/apparmor.o: src/cmd/apparmor.c include/apparmor.h \
 include/recording.h include/learnprof_abi.h include/strmap.h \
 include/cmds.h include/profile_name.h include/recording.h include/util.h
include/apparmor.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/cmds.h:
include/profile_name.h:
include/recording.h:
include/util.h:

build-p/obj/cmd/oci_hook.o: src/cmd/oci_hook.c include/cmds.h \
 include/container.h include/jsonutil.h include/util.h include/record.h \
 include/recorder.h include/recording.h include/learnprof_abi.h \
 include/strmap.h include/util.h
include/cmds.h:
include/container.h:
include/jsonutil.h:
include/util.h:
include/record.h:
include/recorder.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/util.h:

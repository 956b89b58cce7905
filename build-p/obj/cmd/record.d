build-p/obj/cmd/record.o: src/cmd/record.c include/cmds.h \
 include/container.h include/container_client.h include/record.h \
 include/recorder.h include/recording.h include/learnprof_abi.h \
 include/strmap.h include/util.h
include/cmds.h:
include/container.h:
include/container_client.h:
include/record.h:
include/recorder.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/util.h:

build-p/obj/record/session.o: src/record/session.c include/container.h \
 include/container_client.h include/record.h include/recorder.h \
 include/recording.h include/learnprof_abi.h include/strmap.h \
 include/recording.h include/strmap.h include/target.h include/util.h
include/container.h:
include/container_client.h:
include/record.h:
include/recorder.h:
include/recording.h:
include/learnprof_abi.h:
include/strmap.h:
include/recording.h:
include/strmap.h:
include/target.h:
include/util.h:

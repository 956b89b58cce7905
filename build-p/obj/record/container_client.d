build-p/obj/record/container_client.o: src/record/container_client.c \
 include/container.h include/container_client.h include/util.h
include/container.h:
include/container_client.h:
include/util.h:

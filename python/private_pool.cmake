# Rewrites protoc's music_pb2.py so that its descriptors live in a private DescriptorPool
# instead of the process-wide default one: note_seq's music_pb2 defines the same names
# (magenta.NoteSequence) and two files defining one name in the default pool refuse to load.
# The wire format is unaffected, so FromString/SerializeToString interoperate both ways.
file(READ ${FILE} text)
string(REPLACE "_descriptor_pool.Default().AddSerializedFile"
               "_descriptor_pool.DescriptorPool().AddSerializedFile" patched "${text}")
if(patched STREQUAL text)
  message(FATAL_ERROR "${FILE}: protoc output changed; the default-pool registration was not found")
endif()
file(WRITE ${FILE} "${patched}")

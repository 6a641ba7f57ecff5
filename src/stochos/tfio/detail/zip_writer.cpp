// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/tfio/detail/zip_writer.h"

#include <zip.h>

#include <cstdio>

#include "stochos/core/error.h"

namespace stochos::tfio::detail {

std::string build_stored_zip(const std::vector<std::pair<std::string, std::string>>& files) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* archive_source = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_error_fini(&err);
  if (!archive_source) throw Error::internal("libzip: cannot create a buffer source");
  zip_source_keep(archive_source);  // the bytes are read back from it after zip_close
  zip_error_init(&err);
  zip_t* za = zip_open_from_source(archive_source, ZIP_TRUNCATE, &err);
  zip_error_fini(&err);
  if (!za) {
    zip_source_free(archive_source);
    throw Error::internal("libzip: cannot open an archive for writing");
  }
  for (const auto& [name, data] : files) {
    zip_source_t* entry = zip_source_buffer(za, data.data(), data.size(), 0);
    const zip_int64_t index = entry ? zip_file_add(za, name.c_str(), entry, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0 || zip_set_file_compression(za, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) != 0) {
      if (entry && index < 0) zip_source_free(entry);
      zip_discard(za);
      zip_source_free(archive_source);
      throw Error::internal("libzip: cannot add " + name);
    }
  }
  if (zip_close(za) != 0) {
    zip_discard(za);
    zip_source_free(archive_source);
    throw Error::internal("libzip: cannot finish the archive");
  }
  std::string out;
  if (zip_source_open(archive_source) == 0) {
    zip_source_seek(archive_source, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(archive_source);
    zip_source_seek(archive_source, 0, SEEK_SET);
    if (size > 0) {
      out.resize(static_cast<std::size_t>(size));
      if (zip_source_read(archive_source, out.data(), static_cast<zip_uint64_t>(size)) != size) out.clear();
    }
    zip_source_close(archive_source);
  }
  zip_source_free(archive_source);
  if (out.empty()) throw Error::internal("libzip: the archive came out empty");
  return out;
}

}  // namespace stochos::tfio::detail

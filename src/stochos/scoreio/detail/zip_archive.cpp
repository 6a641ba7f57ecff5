// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/scoreio/detail/zip_archive.h"

#include <zip.h>

#include <cstdio>
#include <memory>

#include "stochos/core/error.h"

namespace stochos::scoreio::detail {
namespace {

Error zip_error(const std::string& source, const std::string& what, zip_error_t* err) {
  std::string detail = err ? zip_error_strerror(err) : "unknown error";
  return Error::input(source, {}, "damaged zip archive: " + what + ": " + detail).with_code("musicxml_parse");
}

}  // namespace

ZipReader::ZipReader(std::string_view bytes, std::string source) : bytes_(bytes), source_(std::move(source)) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes_.data(), bytes_.size(), 0, &err);
  if (!src) {
    Error e = zip_error(source_, "cannot create source", &err);
    zip_error_fini(&err);
    throw e;
  }
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (!za) {
    zip_source_free(src);
    Error e = zip_error(source_, "cannot open", &err);
    zip_error_fini(&err);
    throw e;
  }
  zip_error_fini(&err);
  archive_ = za;
  const zip_int64_t n = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(za, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
    if (!name) continue;
    ZipEntry entry;
    entry.raw_name = name;
    entry.index = static_cast<std::uint64_t>(i);
    entries_.push_back(std::move(entry));
  }
}

ZipReader::~ZipReader() {
  if (archive_) zip_discard(static_cast<zip_t*>(archive_));
}

std::string ZipReader::read(const ZipEntry& entry, std::uint64_t max_bytes) const {
  auto* za = static_cast<zip_t*>(archive_);
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(za, entry.index, 0, &st) != 0) {
    throw zip_error(source_, "cannot stat " + entry.raw_name, zip_get_error(za));
  }
  if ((st.valid & ZIP_STAT_SIZE) && st.size > max_bytes) {
    throw Error::input(source_, {}, "zip entry " + entry.raw_name + " is too large").with_code("musicxml_parse");
  }
  zip_file_t* f = zip_fopen_index(za, entry.index, 0);
  if (!f) throw zip_error(source_, "cannot open " + entry.raw_name, zip_get_error(za));
  std::string out;
  char buffer[65536];
  for (;;) {
    const zip_int64_t got = zip_fread(f, buffer, sizeof buffer);
    if (got < 0) {
      Error e = zip_error(source_, "cannot read " + entry.raw_name, zip_file_get_error(f));
      zip_fclose(f);
      throw e;
    }
    if (got == 0) break;
    out.append(buffer, static_cast<std::size_t>(got));
    if (out.size() > max_bytes) {
      zip_fclose(f);
      throw Error::input(source_, {}, "zip entry " + entry.raw_name + " is too large").with_code("musicxml_parse");
    }
  }
  zip_fclose(f);
  return out;
}

std::string write_zip(const std::vector<ZipFileToWrite>& files) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (!src) throw Error::internal("libzip: cannot create a buffer source");
  zip_source_keep(src);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  zip_error_fini(&err);
  if (!za) {
    zip_source_free(src);
    throw Error::internal("libzip: cannot open an archive for writing");
  }
  for (const auto& file : files) {
    zip_source_t* data = zip_source_buffer(za, file.data.data(), file.data.size(), 0);
    const zip_int64_t index = data ? zip_file_add(za, file.name.c_str(), data, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
      if (data) zip_source_free(data);
      zip_discard(za);
      zip_source_free(src);
      throw Error::internal("libzip: cannot add " + file.name);
    }
    zip_set_file_compression(za, static_cast<zip_uint64_t>(index), file.store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0);
  }
  if (zip_close(za) != 0) {
    zip_discard(za);
    zip_source_free(src);
    throw Error::internal("libzip: cannot finish the archive");
  }
  std::string out;
  if (zip_source_open(src) == 0) {
    zip_source_seek(src, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    if (size > 0) {
      out.resize(static_cast<std::size_t>(size));
      zip_source_read(src, out.data(), static_cast<zip_uint64_t>(size));
    }
    zip_source_close(src);
  }
  zip_source_free(src);
  if (out.empty()) throw Error::internal("libzip: empty archive written");
  return out;
}

}  // namespace stochos::scoreio::detail

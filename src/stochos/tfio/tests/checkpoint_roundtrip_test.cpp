// SPDX-License-Identifier: GPL-3.0-or-later
// Writing checkpoints, bundles and .npz, and reading them back.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/proto/tensor.pb.h"
#include "stochos/testing/shared.h"
#include "stochos/tfio/checkpoint.h"
#include "stochos/tfio/detail/leveldb_table.h"
#include "stochos/tfio/detail/ordered_code.h"
#include "stochos/tfio/generator_bundle.h"

namespace stochos::tfio {
namespace {

namespace fs = std::filesystem;

const fs::path kRlTuner = testing::fixture("checkpoints/rl_tuner_note_rnn_v1/model.ckpt-1994");
const fs::path kSoma11 = testing::fixture("checkpoints/melody_rnn_soma11_v2/model.ckpt-1341");

std::string slurp(const fs::path& p) {
  const auto bytes = core::read_file(p);
  return {bytes.begin(), bytes.end()};
}

std::vector<std::string> keys(const detail::TableEntries& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.first);
  return out;
}

// One tensor of every supported type, including a scalar, an empty tensor and odd bytes in
// strings and names.
Checkpoint every_type() {
  Checkpoint c;
  c.source = "memory";
  c.tensors["a/float"] = {DataType::kFloat, {2, 3}, {1.5f, -2.25f, 0.f, 3e-8f, -0.f, 1e30f}, {}, {}, {}};
  c.tensors["b/double"] = {DataType::kDouble, {2}, {}, {3.141592653589793, -1e-300}, {}, {}};
  c.tensors["c/int32"] = {DataType::kInt32, {3}, {}, {}, {-2147483648LL, 0, 2147483647LL}, {}};
  c.tensors["d/int64"] = {DataType::kInt64, {}, {}, {}, {1LL << 40}, {}};
  c.tensors["e/bool"] = {DataType::kBool, {1, 2}, {}, {}, {1, 0}, {}};
  c.tensors["f/empty"] = {DataType::kFloat, {0, 5}, {}, {}, {}, {}};
  // Names are proto3 strings (UTF-8): a NUL and a multibyte character, which OrderedCode
  // must escape and carry through.
  c.tensors[std::string("g/\x00n\xc3\xa9", 6)] = {DataType::kFloat, {1}, {7.f}, {}, {}, {}};
  return c;
}

TEST(OrderedCode, FullOneDimensionalSliceKeyMatchesTensorFlowByteForByte) {
  EXPECT_EQ(detail::encode_tensor_name_slice("rnn_model/fully_connected/bias", {{0, -1}}),
            std::string("\x00rnn_model/fully_connected/bias\x00\x01\x01\x01\x80\x7f", 37));
  EXPECT_EQ(detail::encode_tensor_name_slice("s", {}), std::string("\x00s\x00\x01\x00", 5));
  std::string escaped;
  detail::write_string(escaped, std::string("a\x00\xff", 3));
  EXPECT_EQ(escaped, std::string("a\x00\xff\xff\x00\x00\x01", 7));
  std::string number;
  detail::write_num_increasing(number, 0x1234);
  EXPECT_EQ(number, "\x02\x12\x34");
}

TEST(OrderedCode, SignedNumbersEncodeToKnownBytesAndKeepTheirOrder) {
  const auto code = [](std::int64_t v) {
    std::string s;
    detail::write_signed_num_increasing(s, v);
    return s;
  };
  EXPECT_EQ(code(0), "\x80");
  EXPECT_EQ(code(-1), "\x7f");
  EXPECT_EQ(code(63), "\xbf");
  EXPECT_EQ(code(-64), "\x40");
  EXPECT_EQ(code(64), "\xc0\x40");
  EXPECT_EQ(code(-65), "\x3f\xbf");
  EXPECT_EQ(code(INT64_MAX).size(), 10u);
  EXPECT_EQ(code(INT64_MIN).size(), 10u);
  std::vector<std::int64_t> values = {INT64_MIN, INT64_MAX, 0, -1, 1};
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) values.push_back(static_cast<std::int64_t>(rng()) >> (rng() % 64));
  std::sort(values.begin(), values.end());
  for (std::size_t i = 1; i < values.size(); ++i) {
    if (values[i] == values[i - 1]) continue;
    EXPECT_LT(code(values[i - 1]), code(values[i])) << values[i - 1] << " " << values[i];
  }
}

TEST(CheckpointV1, EncodeThenParseGivesTheSameTensors) {
  const Checkpoint original = every_type();
  const Checkpoint back = parse_checkpoint_v1(encode_checkpoint_v1(original), "memory.ckpt");
  EXPECT_EQ(back.tensors, original.tensors);
  EXPECT_EQ(back.format, CheckpointFormat::kV1);
}

TEST(CheckpointV1, ReencodingTheRlTunerFixtureGivesItsKeysInItsOrderAndItsValues) {
  const std::string original = slurp(kRlTuner);
  const Checkpoint c = parse_checkpoint_v1(original, kRlTuner.string());
  const std::string encoded = encode_checkpoint_v1(c);
  const auto before = detail::read_table(original, "original");
  const auto after = detail::read_table(encoded, "encoded");
  EXPECT_EQ(keys(after), keys(before));
  // Same storage as TF 0.11: every data record's bytes are identical.
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 1; i < after.size(); ++i) EXPECT_EQ(after[i].second, before[i].second) << i;
  tensorflow::SavedTensorSlices meta;
  ASSERT_TRUE(meta.ParseFromString(after[0].second));
  EXPECT_EQ(meta.meta().versions().producer(), 1);
  EXPECT_EQ(parse_checkpoint_v1(encoded, "encoded").tensors, c.tensors);
}

TEST(CheckpointV1, TensorSavedAsSeveralSlicesIsAssembled) {
  // A [3, 2] float tensor saved as rows 0-1 and row 2 (a partitioned variable in TF 0.x).
  tensorflow::SavedTensorSlices meta_entry;
  auto* m = meta_entry.mutable_meta()->add_tensor();
  m->set_name("w");
  m->mutable_shape()->add_dim()->set_size(3);
  m->mutable_shape()->add_dim()->set_size(2);
  m->set_type(tensorflow::DT_FLOAT);
  detail::TableEntries entries = {{"", meta_entry.SerializeAsString()}};
  const auto add_slice = [&](std::int64_t start, std::int64_t length, std::vector<float> values) {
    tensorflow::SavedTensorSlices s;
    s.mutable_data()->set_name("w");
    auto* rows = s.mutable_data()->mutable_slice()->add_extent();
    rows->set_start(start);
    rows->set_length(length);
    s.mutable_data()->mutable_slice()->add_extent();
    for (float v : values) s.mutable_data()->mutable_data()->add_float_val(v);
    m->add_slice()->CopyFrom(s.data().slice());
    entries.emplace_back(detail::encode_tensor_name_slice("w", {{start, length}, {0, -1}}), s.SerializeAsString());
  };
  add_slice(0, 2, {1, 2, 3, 4});
  add_slice(2, 1, {5, 6});
  entries[0].second = meta_entry.SerializeAsString();
  std::sort(entries.begin() + 1, entries.end());
  const Checkpoint c = parse_checkpoint_v1(detail::build_table(entries), "sliced.ckpt");
  EXPECT_EQ(c.at("w").floats, (std::vector<float>{1, 2, 3, 4, 5, 6}));

  // Without the second slice the tensor is partial: refused, naming it.
  entries.pop_back();
  try {
    parse_checkpoint_v1(detail::build_table(entries), "partial.ckpt");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.path(), "partial.ckpt");
    EXPECT_NE(e.message().find("tensor 'w': its slices hold 4 of its 6 values"), std::string::npos) << e.what();
  }
}

TEST(CheckpointV2, WritingTheSoma11CheckpointReproducesTensorFlowsDataFileAndReadsBack) {
  const Checkpoint original = read_checkpoint(kSoma11);
  testing::TempDir dir;
  write_checkpoint_v2(dir / "copy.ckpt-1341", original);
  EXPECT_EQ(slurp(dir / "copy.ckpt-1341.data-00000-of-00001"), slurp(kSoma11.string() + ".data-00000-of-00001"));
  const Checkpoint back = read_checkpoint(dir / "copy.ckpt-1341");
  EXPECT_EQ(back.tensors, original.tensors);
  // Same index keys and entries as TF 1.2.1 wrote.
  const auto ours = detail::read_table(slurp(dir / "copy.ckpt-1341.index"), "ours");
  const auto theirs = detail::read_table(slurp(kSoma11.string() + ".index"), "theirs");
  EXPECT_EQ(keys(ours), keys(theirs));
  for (std::size_t i = 1; i < ours.size() && i < theirs.size(); ++i) {
    tensorflow::BundleEntryProto a, b;
    ASSERT_TRUE(a.ParseFromString(ours[i].second) && b.ParseFromString(theirs[i].second));
    EXPECT_EQ(a.offset(), b.offset()) << ours[i].first;
    EXPECT_EQ(a.crc32c(), b.crc32c()) << ours[i].first;
  }
}

TEST(CheckpointV2, EveryNumericTypeRoundTripsAndStringsAreRefused) {
  Checkpoint c = every_type();
  testing::TempDir dir;
  write_checkpoint_v2(dir / "t", c);
  EXPECT_EQ(read_checkpoint(dir / "t").tensors, c.tensors);
  c.tensors["s"] = {DataType::kString, {1}, {}, {}, {}, {"x"}};
  try {
    write_checkpoint_v2(dir / "u", c);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnsupported);
  }
  EXPECT_FALSE(fs::exists(dir / "u.index"));
}

TEST(CheckpointV2, TensorWhoseValuesDoNotFillItsShapeIsRefusedBeforeWriting) {
  Checkpoint c;
  c.tensors["w"] = {DataType::kFloat, {2, 2}, {1, 2, 3}, {}, {}, {}};
  testing::TempDir dir;
  EXPECT_THROW(write_checkpoint_v2(dir / "w", c), Error);
  EXPECT_THROW(encode_checkpoint_v1(c), Error);
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(GeneratorBundle, BundleAroundTheV1FixtureLoadsBackWithTheSameTensors) {
  testing::TempDir dir;
  GeneratorBundle bundle;
  bundle.generator_id = "basic_rnn";
  bundle.generator_description = "Melody RNN with one-hot encoding.";
  bundle.bundle_description = "RL Tuner's Note RNN";
  bundle.checkpoint_file = slurp(kRlTuner);
  bundle.metagraph_file = slurp(kSoma11.string() + ".meta");
  const fs::path path = dir / "note_rnn.mag";
  write_generator_bundle(path, bundle);

  const GeneratorBundle back = read_generator_bundle(path);
  EXPECT_EQ(back.generator_id, "basic_rnn");
  EXPECT_EQ(back.generator_description, bundle.generator_description);
  EXPECT_EQ(back.bundle_description, bundle.bundle_description);
  EXPECT_EQ(back.checkpoint_file, bundle.checkpoint_file);
  EXPECT_EQ(back.metagraph_file, bundle.metagraph_file);
  const Checkpoint expected = read_checkpoint(kRlTuner);
  EXPECT_EQ(bundle_checkpoint(back, "note_rnn.mag").tensors, expected.tensors);
  const Checkpoint via_path = read_checkpoint(path);
  EXPECT_EQ(via_path.tensors, expected.tensors);
  EXPECT_EQ(via_path.source, path.string());
  EXPECT_TRUE(is_checkpoint_path(path));

  // The extension is not needed to recognise a bundle.
  fs::copy_file(path, dir / "bundle.bin");
  EXPECT_TRUE(is_generator_bundle(dir / "bundle.bin"));
  EXPECT_EQ(read_checkpoint(dir / "bundle.bin").tensors, expected.tensors);
}

TEST(GeneratorBundle, BundleOfAnEncodedCheckpointRoundTrips) {
  testing::TempDir dir;
  const Checkpoint c = every_type();
  write_generator_bundle(dir / "x.mag", {"attention_rnn", "d", "", encode_checkpoint_v1(c), ""});
  EXPECT_EQ(read_checkpoint(dir / "x.mag").tensors, c.tensors);
}

TEST(Npz, ExportHoldsOneNpyPerTensorWithA64ByteAlignedHeader) {
  testing::TempDir dir;
  write_npz(dir / "soma.npz", read_checkpoint(kSoma11));
  const std::string zip = slurp(dir / "soma.npz");
  EXPECT_EQ(zip.substr(0, 4), "PK\x03\x04");
  const std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (138, 74), }";
  const std::size_t at = zip.find(header);
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(zip.substr(at - 10, 8), std::string("\x93NUMPY\x01\x00", 8));
  const auto header_len = static_cast<std::size_t>(static_cast<unsigned char>(zip[at - 2])) |
                          static_cast<std::size_t>(static_cast<unsigned char>(zip[at - 1])) << 8;
  EXPECT_EQ((10 + header_len) % 64, 0u);
  EXPECT_EQ(zip[at - 2 + 2 + header_len - 1], '\n');
  EXPECT_NE(zip.find("rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/kernel.npy"), std::string::npos);
  EXPECT_NE(zip.find("'shape': (), }"), std::string::npos);   // scalars
  EXPECT_NE(zip.find("'shape': (40,), }"), std::string::npos);  // 1-D
  EXPECT_NE(zip.find("{'descr': '<i8'"), std::string::npos);    // global_step
}

}  // namespace
}  // namespace stochos::tfio

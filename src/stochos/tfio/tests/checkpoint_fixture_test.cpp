// SPDX-License-Identifier: GPL-3.0-or-later
// Real checkpoints written by TensorFlow (../shared/fixtures/README.md §3): every stated
// shape, type, value and offset.
#include <gtest/gtest.h>

#include <numeric>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/proto/tensor.pb.h"
#include "stochos/testing/shared.h"
#include "stochos/tfio/checkpoint.h"
#include "stochos/tfio/detail/leveldb_table.h"
#include "stochos/tfio/generator_bundle.h"

namespace stochos::tfio {
namespace {

namespace fs = std::filesystem;
using Shape = std::vector<std::int64_t>;

const fs::path kRlTuner = testing::fixture("checkpoints/rl_tuner_note_rnn_v1/model.ckpt-1994");
const fs::path kSoma11 = testing::fixture("checkpoints/melody_rnn_soma11_v2/model.ckpt-1341");
const fs::path kNaykun = testing::fixture("checkpoints/basic_rnn_naykun_v2/model.ckpt-2");

std::string slurp(const fs::path& p) {
  const auto bytes = core::read_file(p);
  return {bytes.begin(), bytes.end()};
}

double sum(const Tensor& t) { return std::accumulate(t.floats.begin(), t.floats.end(), 0.0); }

void expect_first(const Tensor& t, std::vector<float> expected, float tolerance = 5e-6f) {
  ASSERT_GE(t.floats.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(t.floats[i], expected[i], tolerance) << "value " << i;
}

TEST(CheckpointV1, RlTunerFixtureIsATableOfTenEntriesKeyedByOrderedCode) {
  const auto entries = detail::read_table(slurp(kRlTuner), kRlTuner.string());
  ASSERT_EQ(entries.size(), 10u);
  EXPECT_EQ(entries[0].first, "");
  const std::string key("\x00rnn_model/fully_connected/bias\x00\x01\x01\x01\x80\x7f", 37);
  EXPECT_TRUE(std::any_of(entries.begin(), entries.end(), [&](const auto& e) { return e.first == key; }));
}

TEST(CheckpointV1, RlTunerFixtureHasNineTensorsWithTheStatedShapesAndTypes) {
  const Checkpoint c = read_checkpoint(kRlTuner);
  EXPECT_EQ(c.format, CheckpointFormat::kV1);
  ASSERT_EQ(c.tensors.size(), 9u);
  EXPECT_EQ(c.at("rnn_model/RNN/MultiRNNCell/Cell0/LSTMCell/W_0").shape, (Shape{138, 400}));
  EXPECT_EQ(c.at("rnn_model/RNN/MultiRNNCell/Cell0/LSTMCell/B").shape, (Shape{400}));
  EXPECT_EQ(c.at("rnn_model/fully_connected/weights").shape, (Shape{100, 38}));
  EXPECT_EQ(c.at("rnn_model/fully_connected/bias").shape, (Shape{38}));
  const Tensor& step = c.at("rnn_model/global_step");
  EXPECT_EQ(step.dtype, DataType::kInt32);
  EXPECT_EQ(step.shape, Shape{});
  EXPECT_EQ(c.global_step(), 1994);
  int adagrad = 0;
  for (const auto& [name, t] : c.tensors) {
    if (name == "rnn_model/global_step") continue;
    EXPECT_EQ(t.dtype, DataType::kFloat) << name;
    EXPECT_EQ(static_cast<std::int64_t>(t.floats.size()), t.num_elements()) << name;
    if (name.size() > 8 && name.substr(name.size() - 8) == "/Adagrad") {
      ++adagrad;
      EXPECT_EQ(name.rfind("rnn_model/rnn_model/", 0), 0u) << name;
      // The slot of rnn_model/X is rnn_model/rnn_model/X/Adagrad, same shape.
      const std::string variable = name.substr(10, name.size() - 18);
      EXPECT_EQ(t.shape, c.at(variable).shape) << name;
    }
  }
  EXPECT_EQ(adagrad, 4);
}

TEST(CheckpointV1, RlTunerFixtureValuesMatchTheReadme) {
  const Checkpoint c = read_checkpoint(kRlTuner);
  const Tensor& b = c.at("rnn_model/RNN/MultiRNNCell/Cell0/LSTMCell/B");
  expect_first(b, {-1.730803f, 0.03518f, -0.37009f});
  EXPECT_NEAR(sum(b), -110.1295, 1e-3);
  const Tensor& w = c.at("rnn_model/RNN/MultiRNNCell/Cell0/LSTMCell/W_0");
  expect_first(w, {1.282184f, -1.188654f, 0.217579f});
  EXPECT_NEAR(sum(w), -287.9761, 1e-3);
  const Tensor& bias = c.at("rnn_model/fully_connected/bias");
  expect_first(bias, {7.603124f, -1.824354f, -6.04249f});
  EXPECT_NEAR(sum(bias), -174.662, 1e-3);
  expect_first(c.at("rnn_model/fully_connected/weights"), {-1.18744f, 1.402662f, 0.014456f});
}

TEST(CheckpointV2, Soma11FixtureHas45TensorsWithTheStatedShapes) {
  const Checkpoint c = read_checkpoint(kSoma11);
  EXPECT_EQ(c.format, CheckpointFormat::kV2);
  ASSERT_EQ(c.tensors.size(), 45u);
  const std::string cell0 = "rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/";
  const std::vector<std::pair<std::string, Shape>> variables = {
      {cell0 + "kernel", {138, 74}},
      {cell0 + "bias", {74}},
      {cell0 + "basic_lstm_cell/kernel", {138, 256}},
      {cell0 + "basic_lstm_cell/bias", {256}},
      {cell0 + "attention/kernel", {128, 64}},
      {cell0 + "attention/bias", {64}},
      {cell0 + "attention/attn_w", {1, 1, 64, 64}},
      {cell0 + "attention/attn_v", {64}},
      {cell0 + "attn_output_projection/kernel", {128, 64}},
      {cell0 + "attn_output_projection/bias", {64}},
      {"rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel", {128, 256}},
      {"rnn/multi_rnn_cell/cell_1/basic_lstm_cell/bias", {256}},
      {"fully_connected/weights", {64, 40}},
      {"fully_connected/biases", {40}},
  };
  for (const auto& [name, shape] : variables) {
    EXPECT_EQ(c.at(name).shape, shape) << name;
    EXPECT_EQ(c.at(name).dtype, DataType::kFloat) << name;
    EXPECT_EQ(c.at(name + "/Adam").shape, shape) << name;
    EXPECT_EQ(c.at(name + "/Adam_1").shape, shape) << name;
  }
  const Tensor& step = c.at("global_step");
  EXPECT_EQ(step.dtype, DataType::kInt64);
  EXPECT_EQ(c.global_step(), 1341);
  EXPECT_EQ(c.at("beta1_power").shape, Shape{});
  EXPECT_EQ(c.at("beta1_power").floats.at(0), 0.0f);  // 0.9^1341 underflows
  EXPECT_NEAR(c.at("beta2_power").floats.at(0), 0.261152f, 1e-6f);
}

TEST(CheckpointV2, Soma11FixtureValuesMatchTheReadme) {
  const Checkpoint c = read_checkpoint(kSoma11);
  expect_first(c.at("fully_connected/biases"), {-0.13863f, -0.195377f, -0.137571f});
  expect_first(c.at("fully_connected/weights"), {-0.082857f, -0.293307f, -0.25396f});
  expect_first(c.at("rnn/multi_rnn_cell/cell_1/basic_lstm_cell/bias"), {0.024585f, 0.043787f, 0.09712f});
  expect_first(c.at("rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/attention/attn_v"),
               {0.251169f, -0.3271f, 0.229952f});
}

TEST(CheckpointV2, Soma11IndexHasTheStatedOffsetsSizesAndHeader) {
  const auto entries = detail::read_table(slurp(kSoma11.string() + ".index"), "index");
  ASSERT_EQ(entries.size(), 46u);  // header + 45 tensors
  tensorflow::BundleHeaderProto header;
  ASSERT_TRUE(header.ParseFromString(entries[0].second));
  EXPECT_EQ(header.num_shards(), 1);
  EXPECT_EQ(header.version().producer(), 1);
  std::map<std::string, tensorflow::BundleEntryProto> by_name;
  for (std::size_t i = 1; i < entries.size(); ++i) ASSERT_TRUE(by_name[entries[i].first].ParseFromString(entries[i].second));
  EXPECT_EQ(by_name["fully_connected/biases"].offset(), 8);
  EXPECT_EQ(by_name["fully_connected/biases"].size(), 160);
  EXPECT_EQ(by_name["rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel"].offset(), 832792);
  EXPECT_EQ(by_name["rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel"].size(), 131072);
}

TEST(CheckpointV2, NaykunBasicRnnFixtureHas21TensorsAndTheStatedValues) {
  const Checkpoint c = read_checkpoint(kNaykun);
  ASSERT_EQ(c.tensors.size(), 21u);
  EXPECT_EQ(c.at("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel").shape, (Shape{102, 256}));
  EXPECT_EQ(c.at("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias").shape, (Shape{256}));
  EXPECT_EQ(c.at("rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel").shape, (Shape{128, 256}));
  EXPECT_EQ(c.at("rnn/multi_rnn_cell/cell_1/basic_lstm_cell/bias").shape, (Shape{256}));
  EXPECT_EQ(c.at("fully_connected/weights").shape, (Shape{64, 38}));
  EXPECT_EQ(c.at("fully_connected/biases").shape, (Shape{38}));
  EXPECT_EQ(c.global_step(), 2);
  EXPECT_NEAR(c.at("beta1_power").floats.at(0), 0.729f, 1e-6f);
  EXPECT_NEAR(c.at("beta2_power").floats.at(0), 0.997003f, 1e-6f);
  expect_first(c.at("fully_connected/biases"), {0.002f, -0.001974f, -0.001999f});
  expect_first(c.at("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias"), {-0.00193f, 0.001997f, 0.001983f});
}

TEST(CheckpointV2, PrefixIndexAndDataShardNamesReadTheSameCheckpoint) {
  const Checkpoint by_prefix = read_checkpoint(kSoma11);
  for (const std::string suffix : {".index", ".data-00000-of-00001", ".meta"}) {
    const Checkpoint other = read_checkpoint(kSoma11.string() + suffix);
    EXPECT_EQ(other.tensors, by_prefix.tensors) << suffix;
  }
}

TEST(CheckpointV2, RunDirectoryWithAStaleAbsoluteStatePathResolvesToItsOwnFiles) {
  testing::TempDir dir;
  for (const char* suffix : {".index", ".data-00000-of-00001", ".meta"}) {
    fs::copy_file(kSoma11.string() + suffix, dir.path() / (std::string("model.ckpt-1341") + suffix));
  }
  // What soma11's state file said: the machine that trained it kept its run in /tmp.
  core::write_file_atomically(dir / "checkpoint",
                              "model_checkpoint_path: \"/tmp/melody_rnn/logdir/run1/train/model.ckpt-1341\"\n"
                              "all_model_checkpoint_paths: \"/tmp/melody_rnn/logdir/run1/train/model.ckpt-1341\"\n");
  const auto state = read_checkpoint_state(dir.path());
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->all_model_checkpoint_paths.size(), 1u);
  EXPECT_EQ(latest_checkpoint(dir.path()), dir / "model.ckpt-1341");
  EXPECT_TRUE(is_checkpoint_path(dir.path()));
  const Checkpoint c = read_checkpoint(dir.path());
  EXPECT_EQ(c.global_step(), 1341);
  EXPECT_EQ(c.tensors.size(), 45u);
  EXPECT_EQ(metagraph_path(dir.path()), dir / "model.ckpt-1341.meta");
}

TEST(CheckpointV2, StateFileWrittenWithAbsolutePathsReadsBackRelative) {
  testing::TempDir dir;
  write_checkpoint_state(dir.path(), {(dir / "model.ckpt-7").string(), {"model.ckpt-3", (dir / "model.ckpt-7").string()}});
  const std::string text = slurp(dir / "checkpoint");
  EXPECT_EQ(text, "model_checkpoint_path: \"model.ckpt-7\"\nall_model_checkpoint_paths: \"model.ckpt-3\"\n"
                  "all_model_checkpoint_paths: \"model.ckpt-7\"\n");
  EXPECT_EQ(latest_checkpoint(dir.path()), dir / "model.ckpt-7");
  EXPECT_FALSE(read_checkpoint_state(dir / "nowhere").has_value());
}

TEST(CheckpointMetaGraph, FixtureMetaGraphsReportTheirTensorFlowVersionAndNodeCount) {
  const std::string soma = describe_metagraph(slurp(kSoma11.string() + ".meta"));
  EXPECT_EQ(soma.rfind("tensorflow 1.2.1 (v1.2.0-5-g435cdfc), 2145 graph nodes", 0), 0u) << soma;
  EXPECT_NE(soma.find("train_op"), std::string::npos) << soma;
  const std::string naykun = describe_metagraph(slurp(kNaykun.string() + ".meta"));
  EXPECT_NE(naykun.find("tensorflow 1.8.0"), std::string::npos) << naykun;
  EXPECT_NE(naykun.find("1232 graph nodes"), std::string::npos) << naykun;
}

TEST(Checkpoint, UnknownNameIsAnInputErrorNamingTheSourceAndClosestNames) {
  const Checkpoint c = read_checkpoint(kSoma11);
  try {
    c.at("fully_connected/bias");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
    EXPECT_EQ(e.path(), kSoma11.string());
    EXPECT_NE(e.message().find("no variable 'fully_connected/bias'; closest: 'fully_connected/biases'"),
              std::string::npos)
        << e.what();
  }
}

TEST(Checkpoint, DescriptionGivesFormatStepAndOneLinePerTensor) {
  const std::string text = describe_checkpoint(read_checkpoint(kSoma11));
  EXPECT_NE(text.find("TensorFlow V2 checkpoint, 45 tensors"), std::string::npos) << text;
  EXPECT_NE(text.find("global_step 1341"), std::string::npos) << text;
  EXPECT_NE(text.find("fully_connected/biases"), std::string::npos);
  EXPECT_NE(text.find("-0.13863"), std::string::npos) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 46);
}

TEST(Checkpoint, PathDetectionKnowsFixturesAndRefusesOtherFiles) {
  EXPECT_TRUE(is_checkpoint_path(kRlTuner));
  EXPECT_TRUE(is_checkpoint_path(kSoma11));
  EXPECT_TRUE(is_checkpoint_path(kSoma11.string() + ".index"));
  EXPECT_FALSE(is_checkpoint_path(testing::fixture("checkpoints/rl_tuner_note_rnn_v1/primer.mid")));
  EXPECT_FALSE(is_checkpoint_path(testing::fixture("magenta_testdata/notesequences.tfrecord")));
  EXPECT_FALSE(is_checkpoint_path(testing::fixture("checkpoints")));
  EXPECT_FALSE(is_generator_bundle(kRlTuner));
}

}  // namespace
}  // namespace stochos::tfio

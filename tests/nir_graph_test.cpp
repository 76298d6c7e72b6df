// NIR graphs read, checked and compiled: files written and read back, the NIR paper's graphs, and
// malformed files, each refused with a message naming the node, its type and what is wrong.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "nir/nir_cpu_runner.hpp"
#include "nir/nir_reader.hpp"
#include "nir/nir_writer.hpp"
#include "nir_test_nodes.hpp"
#include "test_support.hpp"

namespace snn {
namespace {

using testing::source_path;

constexpr double kDt = 1e-4;

using testing::nir_filled;
using testing::nir_node;
using testing::nir_values;

// input[3] -> affine -> lif -> output, plus edges given by the caller.
NirFile small_graph() {
  NirFile file;
  file.path = "small.nir";
  file.graph.nodes = {
      nir_node("input", "Input", {{"shape", nir_values({1}, {3}, true)}}),
      nir_node("affine", "Affine", {{"weight", nir_values({3, 3}, {1, 0, 0, 0, 2, 0, 0, 0, 3})}, {"bias", nir_filled(3, 0.0)}}),
      nir_node("lif", "LIF", {{"tau", nir_filled(3, 2e-3)}, {"r", nir_filled(3, 1)}, {"v_leak", nir_filled(3, 0)}, {"v_threshold", nir_filled(3, 0.1)}}),
      nir_node("output", "Output", {{"shape", nir_values({1}, {3}, true)}}),
  };
  file.graph.edges = {{"input", "affine"}, {"affine", "lif"}, {"lif", "output"}};
  return file;
}

NirNode& find(NirFile& file, const std::string& name) {
  for (NirNode& n : file.graph.nodes)
    if (n.name == name) return n;
  throw std::runtime_error("no node " + name);
}

std::string compile_error(const NirFile& file) {
  try {
    compile_nir(file, kDt);
  } catch (const NirError& e) {
    return e.what();
  }
  return "(compiled)";
}

std::string read_error(const std::string& path) {
  try {
    read_nir_file(path);
  } catch (const NirError& e) {
    return e.what();
  }
  return "(read)";
}

std::string temp_file(const std::string& name) { return (std::filesystem::temp_directory_path() / ("snn_nir_test_" + name)).string(); }

TEST(NirGraph, WrittenFileReadsBackAndRuns) {
  const std::string path = temp_file("roundtrip.nir");
  write_nir_file(path, small_graph());
  const NirFile file = read_nir_file(path);
  ASSERT_EQ(file.graph.nodes.size(), 4u);
  EXPECT_EQ(file.graph.edges, small_graph().graph.edges);
  EXPECT_TRUE(file.graph.find("input")->parameters.at("shape").is_integer);
  EXPECT_EQ(file.graph.find("affine")->parameters.at("weight").shape, (TensorShape{3, 3}));
  const NirProgram program = compile_nir(file, kDt);
  NirCpuRunner runner(program, 2, NirDiscretisation::kExact, 1);
  // A constant drive of 0.06 through weights 1, 2, 3: the potential relaxes towards 0.06 w with tau
  // 2 ms, so the first neuron never reaches the threshold of 0.1 and the others first cross it in the
  // step holding tau ln(v_inf / (v_inf - 0.1)).
  const std::vector<float> drive = {0.06f, 0.06f, 0.06f, 0, 0, 0};
  std::vector<int> first(3, -1);
  for (int t = 0; t < 200; ++t) {
    runner.step({drive.data()});
    const std::vector<float>& spikes = runner.values(program.outputs[0]);
    for (int k = 0; k < 3; ++k)
      if (spikes[k] != 0 && first[k] < 0) first[k] = t;
    for (int k = 3; k < 6; ++k) ASSERT_EQ(spikes[k], 0.0f) << "the undriven sample fired";
  }
  EXPECT_EQ(first[0], -1);
  for (int k = 1; k < 3; ++k) {
    const double v_inf = 0.06 * (k + 1), crossing = 2e-3 * std::log(v_inf / (v_inf - 0.1));
    EXPECT_EQ(first[k], static_cast<int>(std::ceil(crossing / kDt)) - 1) << "neuron " << k;
  }
  std::remove(path.c_str());
}

TEST(NirGraph, PapersConvolutionalGraphCompilesToItsShapes) {
  const NirProgram program = compile_nir(read_nir_file(source_path("tests/fixtures/nir/cnn_sinabs.nir")), kDt);
  EXPECT_EQ(program.ops[program.inputs[0]].output_shape, (TensorShape{2, 34, 34}));
  EXPECT_EQ(program.find("0")->output_shape, (TensorShape{16, 16, 16}));  // 5x5, stride 2, padding 1 over 34
  EXPECT_EQ(program.find("8")->output_shape, (TensorShape{128}));        // Flatten of [8, 4, 4]
  EXPECT_EQ(program.ops[program.outputs[0]].output_shape, (TensorShape{10}));
}

TEST(NirGraph, PapersRecurrentGraphDelaysItsCycleOneStep) {
  const NirProgram program = compile_nir(read_nir_file(source_path("tests/fixtures/nir/braille_noDelay_bias_zero.nir")), kDt);
  int delayed = 0;
  for (const NirOp& op : program.ops)
    for (const NirSource& source : op.sources)
      if (source.previous_step) {
        ++delayed;
        EXPECT_TRUE((op.path == "lif1.lif" && program.ops[source.op].path == "lif1.w_rec") ||
                    (op.path == "lif1.w_rec" && program.ops[source.op].path == "lif1.lif"));
      }
  EXPECT_EQ(delayed, 1);
  EXPECT_EQ(program.find("lif1.lif")->kind, NirOpKind::kCubaLIF);
  EXPECT_EQ(program.ops[program.outputs[0]].output_shape, (TensorShape{7}));
}

TEST(NirGraph, NestedGraphsAreOpenedUp) {
  NirFile file = small_graph();
  NirNode inner = nir_node("block", "NIRGraph");
  inner.graph = std::make_shared<NirGraph>();
  NirNode lif = find(file, "lif");
  lif.path = "block/lif";
  NirNode in = nir_node("in", "Input", {{"shape", nir_values({1}, {3}, true)}}), out = nir_node("out", "Output", {{"shape", nir_values({1}, {3}, true)}});
  in.path = "block/in";
  out.path = "block/out";
  inner.graph->nodes = {in, lif, out};
  inner.graph->edges = {{"in", "lif"}, {"lif", "out"}};
  file.graph.nodes[2] = inner;
  file.graph.edges = {{"input", "affine"}, {"affine", "block"}, {"block", "output"}};
  const NirProgram program = compile_nir(file, kDt);
  ASSERT_NE(program.find("block/lif"), nullptr);
  EXPECT_EQ(program.find("block/in")->kind, NirOpKind::kIdentity);
  const std::string path = temp_file("nested.nir");
  write_nir_file(path, file);
  EXPECT_EQ(compile_nir(read_nir_file(path), kDt).ops.size(), program.ops.size());
  std::remove(path.c_str());
}

TEST(NirGraph, MissingParameterIsNamed) {
  NirFile file = small_graph();
  find(file, "lif").parameters.erase("tau");
  EXPECT_NE(compile_error(file).find("node 'lif' (LIF): parameter 'tau' is missing"), std::string::npos) << compile_error(file);
}

TEST(NirGraph, WrongShapesAreNamed) {
  NirFile file = small_graph();
  find(file, "lif").parameters["tau"] = nir_filled(4, 2e-3);
  EXPECT_NE(compile_error(file).find("node 'lif' (LIF): parameter 'tau' has shape [4]"), std::string::npos) << compile_error(file);
  file = small_graph();
  find(file, "affine").parameters["weight"] = nir_values({3, 5}, std::vector<double>(15, 1.0));
  EXPECT_NE(compile_error(file).find("node 'affine' (Affine): receives shape [3] but its weight [3, 5] takes 5"), std::string::npos)
      << compile_error(file);
  file = small_graph();
  find(file, "lif").parameters["tau"] = nir_filled(3, -1);
  EXPECT_NE(compile_error(file).find("parameter 'tau' must be positive"), std::string::npos) << compile_error(file);
}

TEST(NirGraph, UnknownNodeTypeIsNamed) {
  NirFile file = small_graph();
  find(file, "lif").type = "SpikingBlob";
  const std::string error = compile_error(file);
  EXPECT_NE(error.find("node 'lif' (SpikingBlob): a node type this engine does not know"), std::string::npos) << error;
  EXPECT_NE(error.find("CubaLIF"), std::string::npos) << "the message should list the known types";
}

TEST(NirGraph, CycleWithoutStateIsRefusedAndWithStateRuns) {
  NirFile file = small_graph();
  file.graph.nodes.push_back(nir_node("back", "Linear", {{"weight", nir_values({3, 3}, std::vector<double>(9, 0.5))}}));
  file.graph.edges.push_back({"affine", "back"});
  file.graph.edges.push_back({"back", "affine"});
  EXPECT_NE(compile_error(file).find("has no node with state"), std::string::npos) << compile_error(file);
  file = small_graph();
  file.graph.nodes.push_back(nir_node("back", "Linear", {{"weight", nir_values({3, 3}, std::vector<double>(9, 0.5))}}));
  file.graph.edges.push_back({"lif", "back"});
  file.graph.edges.push_back({"back", "lif"});
  EXPECT_EQ(compile_error(file), "(compiled)");
}

TEST(NirGraph, EdgeToAMissingNodeIsNamed) {
  NirFile file = small_graph();
  file.graph.edges.push_back({"lif", "readout"});
  EXPECT_NE(compile_error(file).find("edge 'lif' -> 'readout' of the root graph names no node 'readout'"), std::string::npos) << compile_error(file);
  // As published: the Braille graph with its recurrent layer nested, whose inner edges name a node the
  // nested graph does not have.
  const std::string published = source_path("tests/fixtures/nir/braille_noDelay_bias_zero_subgraph.nir");
  std::string error;
  try {
    compile_nir(read_nir_file(published), kDt);
  } catch (const NirError& e) {
    error = e.what();
  }
  EXPECT_NE(error.find("of graph 'lif1' names no node 'lif' (its nodes: input, lif1, lin, output)"), std::string::npos) << error;
}

TEST(NirGraph, DamagedFilesAreRefused) {
  const std::string path = temp_file("damaged.nir");
  write_nir_file(path, small_graph());
  const auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size / 2);
  EXPECT_NE(read_error(path).find(path + ": "), std::string::npos);
  EXPECT_NE(read_error(path), "(read)");
  { std::ofstream(path) << "not an HDF5 file\n"; }
  EXPECT_NE(read_error(path).find("not an HDF5 file"), std::string::npos) << read_error(path);
  EXPECT_NE(read_error(temp_file("absent.nir")).find("not an HDF5 file (a NIR file is one), or missing"), std::string::npos);
  NirFile future = small_graph();
  future.version = "2.0.0";
  write_nir_file(path, future);
  EXPECT_NE(read_error(path).find("NIR version 2.0.0, newer than this reader knows"), std::string::npos) << read_error(path);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace snn

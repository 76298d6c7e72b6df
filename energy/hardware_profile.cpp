#include "energy/hardware_profile.hpp"

#include <map>

#include "default_energy_profile.hpp"
#include "io/yaml_reader.hpp"

namespace snn::energy {

HardwareProfile parse_hardware_profile(const std::string& yaml_text, const std::string& file_name) {
  const YamlReader r(file_name);
  const YAML::Node root = parse_yaml_text(yaml_text, file_name);
  r.expect_map(root, "the hardware profile");
  r.expect_keys(root, "the hardware profile", {"name", "operations", "memory", "placement"});
  HardwareProfile profile;
  profile.name = r.string(r.require(root, "name", "the hardware profile"), "name");

  const YAML::Node operations = r.require(root, "operations", "the hardware profile");
  std::vector<std::string> precisions;
  for (Precision p : kAllPrecisions) precisions.push_back(precision_name(p));
  r.expect_keys(operations, "operations", precisions);
  for (Precision p : kAllPrecisions) {
    const std::string what = std::string("operations.") + precision_name(p);
    const YAML::Node entry = r.require(operations, precision_name(p), "operations");
    r.expect_keys(entry, what, {"add", "multiply"});
    profile.operations[index_of(p)] = OperationPrice{r.positive(r.require(entry, "add", what), what + ".add"),
                                                     r.positive(r.require(entry, "multiply", what), what + ".multiply")};
  }

  const YAML::Node memory = r.require(root, "memory", "the hardware profile");
  r.expect_map(memory, "memory");
  std::map<std::string, double> levels;
  for (const auto& level : memory) {
    const std::string name = r.string(level.first, "a memory level's name");
    levels[name] = r.positive(level.second, "memory." + name + " (pJ per bit)");
  }
  std::vector<std::string> level_names;
  for (const auto& level : levels) level_names.push_back(level.first);

  const YAML::Node placement = r.require(root, "placement", "the hardware profile");
  r.expect_keys(placement, "placement", {"weights", "membrane", "activations"});
  auto place = [&](const char* data, std::string& level, double& pj_per_bit) {
    const YAML::Node node = r.require(placement, data, "placement");
    level = r.string(node, std::string("placement.") + data);
    const auto found = levels.find(level);
    if (found == levels.end()) {
      std::string known;
      for (const std::string& n : level_names) known += (known.empty() ? "" : ", ") + n;
      const std::string hint = nearest_name(level, level_names);
      r.fail(node, "placement." + std::string(data) + ": unknown memory level '" + level + "' (memory has: " + known + ")" +
                       (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
    pj_per_bit = found->second;
  };
  place("weights", profile.weight_level, profile.weight_pj_per_bit);
  place("membrane", profile.membrane_level, profile.membrane_pj_per_bit);
  place("activations", profile.activation_level, profile.activation_pj_per_bit);
  return profile;
}

HardwareProfile load_hardware_profile(const std::string& path) {
  return parse_hardware_profile(read_text_file(path, "the hardware profile"), path);
}

HardwareProfile default_hardware_profile() {
  return parse_hardware_profile(kDefaultEnergyProfile, "energy/profiles/horowitz_45nm.yaml");
}

}  // namespace snn::energy

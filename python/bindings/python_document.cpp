// An experiment file as Python values, for a user to read and change before building it: mappings
// become dicts (in the file's order), sequences lists, and plain scalars what they spell (None, bool,
// int, float), else str; quoted scalars stay str. Anchors and aliases are already resolved.
#include <pybind11/stl.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

#include "io/experiment_loader.hpp"
#include "python/bindings/bindings.hpp"

namespace py = pybind11;

namespace snn::python {
namespace {

bool spells_null(const std::string& s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

py::object plain_scalar(const std::string& s) {
  if (spells_null(s)) return py::none();
  if (s == "true" || s == "True" || s == "TRUE") return py::bool_(true);
  if (s == "false" || s == "False" || s == "FALSE") return py::bool_(false);
  const size_t digits_from = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (digits_from < s.size() && s.find_first_not_of("0123456789", digits_from) == std::string::npos)
    return py::module_::import("builtins").attr("int")(s);  // any size
  char* end = nullptr;
  errno = 0;
  const double number = std::strtod(s.c_str(), &end);
  if (*end == '\0' && errno == 0 && s.find_first_of("0123456789") != std::string::npos) return py::float_(number);
  return py::str(s);
}

py::object to_python(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      py::dict map;
      for (const auto& entry : node) map[to_python(entry.first)] = to_python(entry.second);
      return std::move(map);
    }
    case YAML::NodeType::Sequence: {
      py::list list;
      for (const auto& item : node) list.append(to_python(item));
      return std::move(list);
    }
    case YAML::NodeType::Scalar:
      return node.Tag() == "!" ? py::object(py::str(node.Scalar())) : plain_scalar(node.Scalar());
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return py::none();
  }
  return py::none();
}

}  // namespace

void bind_documents(py::module_& m) {
  m.def(
      "read_document",
      [](const std::string& path, const std::vector<std::string>& overrides) {
        return to_python(read_experiment_document(path, overrides));
      },
      py::arg("path"), py::arg("overrides") = std::vector<std::string>{},
      "The experiment file at `path`, with `overrides` (\"path.to.key=value\") applied, as dicts and lists.");
}

}  // namespace snn::python

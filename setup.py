"""Builds the extension snn._snn with the project's CMake build (the library and its bindings) and
packages it with python/snn. Extra CMake settings come from the environment: SNN_CMAKE_ARGS="-DSNN_ENABLE_CUDA=OFF"."""
import os
import pathlib
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = pathlib.Path(self.build_temp).resolve() / "cmake"
        configure = ["cmake", "-S", str(ROOT), "-B", str(build_dir), "-DCMAKE_BUILD_TYPE=Release",
                     "-DSNN_BUILD_TESTS=OFF", f"-DPython_EXECUTABLE={sys.executable}"]
        configure += shlex.split(os.environ.get("SNN_CMAKE_ARGS", ""))
        subprocess.run(configure, check=True)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_snn", "-j", str(os.cpu_count() or 2)],
                       check=True)
        built = next((build_dir / "python" / "snn").glob("_snn*.so"))
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(
    packages=["snn"],
    package_dir={"snn": "python/snn"},
    ext_modules=[CMakeExtension("snn._snn")],
    cmdclass={"build_ext": CMakeBuild},
    zip_safe=False,
)

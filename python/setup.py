"""The wheel holds a native library (KrrDistill.Native.so, built with glibc 2.36 on Debian 12) that Python loads with
ctypes, so it is a platform wheel for any Python 3 with no ABI of its own: py3-none-manylinux_2_36_x86_64."""
from setuptools import setup
from wheel.bdist_wheel import bdist_wheel


class PlatformWheel(bdist_wheel):
    def finalize_options(self):
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):
        return "py3", "none", "manylinux_2_36_x86_64"


setup(cmdclass={"bdist_wheel": PlatformWheel})

"""``python -m krr_distill --version``: the package's version, and where its native library and OpenBLAS come from."""
import argparse
import sys

from . import __version__, _kernels, _native


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m krr_distill",
                                     description="KrrDistill for Python: dataset distillation for kernel ridge regression.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--info", action="store_true", help="print the version, the native library and the BLAS kernels")
    args = parser.parse_args(argv)
    if args.info:
        print(f"krr_distill {__version__}")
        print(f"native library: {_native._LIBRARY}")
        print(f"OpenBLAS kernels: {_kernels.loaded_core() or 'unknown'}")
        return 0
    if args.version:
        print(f"krr_distill {__version__}")
        return 0
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())

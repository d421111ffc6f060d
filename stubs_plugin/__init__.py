"""Static typing for prisma-dynamic without generated packages.

`surface` describes, as plain data computed from the Schema IR, every type a checker needs
(models, enums, input TypedDicts, delegates); `render` turns that description into one stub
module; `stubs` writes it as `.pyi` files for Pyright/Pylance and `mypy_plugin` hands it to mypy,
less the input TypedDicts and delegate classes (`declared`), which `mypy_declare` makes in mypy
directly. `mypy_results` narrows results to a call's `select`/`include`/`omit` for the plugin.
`prisma_dynamic` imports only `build` at run time, for the TypedDicts of `prisma_dynamic.types`.
"""

using System.Runtime.CompilerServices;

// The generator tests inspect pipeline models and tracking names.
[assembly: InternalsVisibleTo("TensorGen.Properties")]

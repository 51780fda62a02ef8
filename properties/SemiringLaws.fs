/// The semiring laws, checked on each declaration's own scalar members (what the generator reads), within
/// each semiring's law class and compared against nothing but the laws themselves.
module TensorGen.Properties.SemiringLaws

open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen.Properties.Fixtures
open TensorGen.Properties.Cases

let private lawTests (c: Case<'T>) : Test =
    let k = c.Kernels
    let (<+>) x y = k.ScalarAdd(x, y)
    let (<*>) x y = k.ScalarMultiply(x, y)
    let zero, one = k.Zero, k.One
    let config = { FsCheckConfig.defaultConfig with maxTest = 300 }
    let law (name: string) (holds: 'T -> 'T -> 'T -> ('T * 'T)) =
        testPropertyWithConfig config (sprintf "%s, %s" name c.LawClass)
            (Prop.forAll (Arb.fromGen (Gen.zip3 c.LawValues c.LawValues c.LawValues)) (fun (x, y, z) ->
                let left, right = holds x y z
                if not (c.LawEqual left right) then
                    failwithf "%s fails for x = %A, y = %A, z = %A: %A <> %A" name x y z left right))
    testList k.Name
        [ law "(x + y) + z = x + (y + z)" (fun x y z -> (x <+> y) <+> z, x <+> (y <+> z))
          law "x + y = y + x" (fun x y _ -> x <+> y, y <+> x)
          law "(x * y) * z = x * (y * z)" (fun x y z -> (x <*> y) <*> z, x <*> (y <*> z))
          law "x * (y + z) = x * y + x * z" (fun x y z -> x <*> (y <+> z), (x <*> y) <+> (x <*> z))
          law "(y + z) * x = y * x + z * x" (fun x y z -> (y <+> z) <*> x, (y <*> x) <+> (z <*> x))
          law "0 + x = x" (fun x _ _ -> zero <+> x, x)
          law "x + 0 = x" (fun x _ _ -> x <+> zero, x)
          law "1 * x = x" (fun x _ _ -> one <*> x, x)
          law "x * 1 = x" (fun x _ _ -> x <*> one, x)
          law "0 * x = 0" (fun x _ _ -> zero <*> x, zero)
          law "x * 0 = 0" (fun x _ _ -> x <*> zero, zero)
          if k.IsAddIdempotent then
              law "x + x = x (IsAddIdempotent)" (fun x _ _ -> x <+> x, x) ]

let tests : Test =
    testList "laws" [ for case in Cases.all -> case.Apply { new ICaseFunc<Test> with member _.Invoke c = lawTests c } ]

-module(refs_make).
-export([test/0]).
%% References.
test() ->
    R1 = make_ref(), R2 = make_ref(),
    [R1 =:= R1, R1 =:= R2, is_reference(R1), R1 < R2 orelse R1 > R2, binary_to_term(term_to_binary(R1)) =:= R1,
     lists:usort([R1, R2, R1]) =:= lists:sort([R1, R2]), is_reference(monitor(process, self()))].

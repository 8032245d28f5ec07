-module(stack_frames).
-export([test/0]).
%% The top of a stack trace: module, function and arity of each frame
%% (locations and the frames of whoever called test/0 are left out).
a(X) -> b(X) + 1.
b(X) -> c(X) * 2.
c(X) -> X + undefined_atom_plus(X).
undefined_atom_plus(X) -> X + list_to_atom("a").
top(St, N) -> [{M, F, A} || {M, F, A, _} <- lists:sublist(St, N)].
%% Frames with their locations ({file, Path}, {line, N}) as OTP records
%% them, for the frames of this module.
located(St) -> [Fr || {?MODULE, _, _, _} = Fr <- St].
test() ->
    R1 = try a(1) catch error:badarith:St -> top(St, 3) end,
    R2 = try lists:map(fun(X) -> X / 0 end, [1]) catch error:E2:St2 -> {E2, top(St2, 1)} end,
    R3 = try erlang:error(oops) catch error:oops:St3 -> length(top(St3, 1)) end,
    R4 = try throw(t) catch throw:t:St4 -> is_list(St4) end,
    R5 = try undefined_mod:f(1, 2) catch error:undef:St5 -> top(St5, 1) end,
    R6 = try element(9, {}) catch error:badarg:St6 -> top(St6, 1) end,
    R7 = try a(1) catch error:badarith:St7 -> located(St7) end,
    R8 = try lists:map(fun(X) -> 1 / X end, [0]) catch error:badarith:St8 -> located(St8) end,
    [R1, R2, R3, R4, R5, R6, R7, R8].

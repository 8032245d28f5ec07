-module(bin_errors).
-export([test/0]).
%% Binary error reasons.
test() -> strip(test0()).
test0() ->
    [catch <<(a):8>>, catch <<1.5:8>>, catch <<"ab":2/binary>>, catch <<(<<1:3>>)/binary>>, catch binary_to_list(a),
     catch list_to_binary([256]), catch list_to_binary([a]), catch binary:part(<<1, 2>>, 1, 5), catch binary:first(<<>>),
     catch byte_size(a), catch bit_size([]), catch split_binary(<<1>>, 2), catch <<1:(-1)>>, catch binary:copy(<<1>>, -1),
     catch iolist_to_binary([1 | 2]), catch binary_to_term(<<>>), catch binary:split(a, <<>>)].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.

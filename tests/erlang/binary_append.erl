-module(binary_append).
-export([test/0]).
%% Appending to binaries in a loop stays linear, and earlier versions of a
%% binary stay intact when a later one is extended.
build(0, B) -> B;
build(N, B) -> build(N - 1, <<B/binary, (N rem 256)>>).
bits(0, B) -> B;
bits(N, B) -> bits(N - 1, <<B/bits, (N rem 2):1>>).
test() ->
    Big = build(200000, <<>>),
    Base = <<"base">>,
    X1 = <<Base/binary, "-one">>,
    X2 = <<Base/binary, "-two">>,
    X3 = <<X1/binary, "+">>,
    Bs = bits(1001, <<>>),
    [byte_size(Big), binary:at(Big, 0), binary:at(Big, 199999), X1, X2, X3, Base,
     bit_size(Bs), Bs =:= bits(1001, <<>>), << <<C>> || <<C>> <= <<"abc">> >>,
     byte_size(<< <<X:32>> || X <- lists:seq(1, 50000) >>)].

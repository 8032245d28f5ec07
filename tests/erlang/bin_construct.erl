-module(bin_construct).
-export([test/0]).
%% Binary construction with all segment types.
test() ->
    X = 1000, F = 2.5, B = <<"xyz">>,
    [<<X:16>>, <<X:16/little>>, <<X:12, 5:4>>, <<-1:32/signed>>, <<F/float>>, <<F:32/float>>,
     <<F:64/little-float>>, <<B/binary, B:2/binary>>, <<1:1, 0:1, 1:6>>, <<"abc", 0, "d">>,
     <<X:64/integer-unit:1>>, <<3:2/unit:8>>, <<(1 bsl 70):80>>, <<$a/utf8, 1024/utf8, 70000/utf8>>,
     <<1024/utf16>>, <<70000/utf16-little>>, <<65/utf32>>, bit_size(<<1:3>>), byte_size(<<1:9>>),
     <<<<1:3>>/bitstring, 7:5>>].

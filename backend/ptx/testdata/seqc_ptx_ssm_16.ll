source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

define ptx_kernel void @seqc_ptx_ssm_16(i64 %i0, i64 %i1, i64 %i2, i64 %i3, i64 %i4, i64 %i5, i64 %i6, i64 %i7, i64 %i8, i64 %i9, i64 %i10, i64 %i11, i64 %i12, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1, float addrspace(1)* nocapture %p2, float addrspace(1)* nocapture %p3, float addrspace(1)* nocapture %p4, float addrspace(1)* nocapture %p5, float addrspace(1)* nocapture %p6, float addrspace(1)* nocapture %p7, float addrspace(1)* nocapture %p8, float addrspace(1)* nocapture %p9) nounwind {
entry:
	%0 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%1 = zext i32 %0 to i64
	%2 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%3 = zext i32 %2 to i64
	%4 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%5 = zext i32 %4 to i64
	%6 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%7 = zext i32 %6 to i64
	%8 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%9 = zext i32 %8 to i64
	%10 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%11 = zext i32 %10 to i64
	%12 = mul i64 %11, 128
	%13 = add i64 %12, %9
	%14 = mul i64 %1, 128
	%15 = add i64 %14, %13
	%16 = icmp slt i64 %15, %i1
	br i1 %16, label %if.1, label %if.join.2

if.1:
	%17 = mul i64 %3, %i4
	%18 = getelementptr float, float addrspace(1)* %p4, i64 %15
	%19 = bitcast float addrspace(1)* %18 to i32 addrspace(1)*
	%20 = load i32, i32 addrspace(1)* %19, align 4
	%21 = sext i32 %20 to i64
	%22 = add i64 %17, %21
	%23 = mul i64 %3, %i7
	%24 = getelementptr float, float addrspace(1)* %p5, i64 %15
	%25 = bitcast float addrspace(1)* %24 to i32 addrspace(1)*
	%26 = load i32, i32 addrspace(1)* %25, align 4
	%27 = sext i32 %26 to i64
	%28 = add i64 %23, %27
	%29 = mul i64 %3, %i10
	%30 = getelementptr float, float addrspace(1)* %p6, i64 %15
	%31 = bitcast float addrspace(1)* %30 to i32 addrspace(1)*
	%32 = load i32, i32 addrspace(1)* %31, align 4
	%33 = sext i32 %32 to i64
	%34 = add i64 %29, %33
	%35 = mul i64 %3, %i1
	%36 = add i64 %35, %15
	%37 = mul i64 %36, 16
	%38 = icmp ne i64 %i2, 0
	br i1 %38, label %ifv.3, label %ifv.join.4

if.join.2:
	ret void

ifv.3:
	%39 = add i64 %37, 0
	%40 = getelementptr float, float addrspace(1)* %p7, i64 %39
	%41 = load float, float addrspace(1)* %40, align 4
	br label %ifv.join.4

ifv.join.4:
	%42 = phi float [ 0.0, %if.1 ], [ %41, %ifv.3 ]
	br i1 %38, label %ifv.5, label %ifv.join.6

ifv.5:
	%43 = add i64 %37, 1
	%44 = getelementptr float, float addrspace(1)* %p7, i64 %43
	%45 = load float, float addrspace(1)* %44, align 4
	br label %ifv.join.6

ifv.join.6:
	%46 = phi float [ 0.0, %ifv.join.4 ], [ %45, %ifv.5 ]
	br i1 %38, label %ifv.7, label %ifv.join.8

ifv.7:
	%47 = add i64 %37, 2
	%48 = getelementptr float, float addrspace(1)* %p7, i64 %47
	%49 = load float, float addrspace(1)* %48, align 4
	br label %ifv.join.8

ifv.join.8:
	%50 = phi float [ 0.0, %ifv.join.6 ], [ %49, %ifv.7 ]
	br i1 %38, label %ifv.9, label %ifv.join.10

ifv.9:
	%51 = add i64 %37, 3
	%52 = getelementptr float, float addrspace(1)* %p7, i64 %51
	%53 = load float, float addrspace(1)* %52, align 4
	br label %ifv.join.10

ifv.join.10:
	%54 = phi float [ 0.0, %ifv.join.8 ], [ %53, %ifv.9 ]
	br i1 %38, label %ifv.11, label %ifv.join.12

ifv.11:
	%55 = add i64 %37, 4
	%56 = getelementptr float, float addrspace(1)* %p7, i64 %55
	%57 = load float, float addrspace(1)* %56, align 4
	br label %ifv.join.12

ifv.join.12:
	%58 = phi float [ 0.0, %ifv.join.10 ], [ %57, %ifv.11 ]
	br i1 %38, label %ifv.13, label %ifv.join.14

ifv.13:
	%59 = add i64 %37, 5
	%60 = getelementptr float, float addrspace(1)* %p7, i64 %59
	%61 = load float, float addrspace(1)* %60, align 4
	br label %ifv.join.14

ifv.join.14:
	%62 = phi float [ 0.0, %ifv.join.12 ], [ %61, %ifv.13 ]
	br i1 %38, label %ifv.15, label %ifv.join.16

ifv.15:
	%63 = add i64 %37, 6
	%64 = getelementptr float, float addrspace(1)* %p7, i64 %63
	%65 = load float, float addrspace(1)* %64, align 4
	br label %ifv.join.16

ifv.join.16:
	%66 = phi float [ 0.0, %ifv.join.14 ], [ %65, %ifv.15 ]
	br i1 %38, label %ifv.17, label %ifv.join.18

ifv.17:
	%67 = add i64 %37, 7
	%68 = getelementptr float, float addrspace(1)* %p7, i64 %67
	%69 = load float, float addrspace(1)* %68, align 4
	br label %ifv.join.18

ifv.join.18:
	%70 = phi float [ 0.0, %ifv.join.16 ], [ %69, %ifv.17 ]
	br i1 %38, label %ifv.19, label %ifv.join.20

ifv.19:
	%71 = add i64 %37, 8
	%72 = getelementptr float, float addrspace(1)* %p7, i64 %71
	%73 = load float, float addrspace(1)* %72, align 4
	br label %ifv.join.20

ifv.join.20:
	%74 = phi float [ 0.0, %ifv.join.18 ], [ %73, %ifv.19 ]
	br i1 %38, label %ifv.21, label %ifv.join.22

ifv.21:
	%75 = add i64 %37, 9
	%76 = getelementptr float, float addrspace(1)* %p7, i64 %75
	%77 = load float, float addrspace(1)* %76, align 4
	br label %ifv.join.22

ifv.join.22:
	%78 = phi float [ 0.0, %ifv.join.20 ], [ %77, %ifv.21 ]
	br i1 %38, label %ifv.23, label %ifv.join.24

ifv.23:
	%79 = add i64 %37, 10
	%80 = getelementptr float, float addrspace(1)* %p7, i64 %79
	%81 = load float, float addrspace(1)* %80, align 4
	br label %ifv.join.24

ifv.join.24:
	%82 = phi float [ 0.0, %ifv.join.22 ], [ %81, %ifv.23 ]
	br i1 %38, label %ifv.25, label %ifv.join.26

ifv.25:
	%83 = add i64 %37, 11
	%84 = getelementptr float, float addrspace(1)* %p7, i64 %83
	%85 = load float, float addrspace(1)* %84, align 4
	br label %ifv.join.26

ifv.join.26:
	%86 = phi float [ 0.0, %ifv.join.24 ], [ %85, %ifv.25 ]
	br i1 %38, label %ifv.27, label %ifv.join.28

ifv.27:
	%87 = add i64 %37, 12
	%88 = getelementptr float, float addrspace(1)* %p7, i64 %87
	%89 = load float, float addrspace(1)* %88, align 4
	br label %ifv.join.28

ifv.join.28:
	%90 = phi float [ 0.0, %ifv.join.26 ], [ %89, %ifv.27 ]
	br i1 %38, label %ifv.29, label %ifv.join.30

ifv.29:
	%91 = add i64 %37, 13
	%92 = getelementptr float, float addrspace(1)* %p7, i64 %91
	%93 = load float, float addrspace(1)* %92, align 4
	br label %ifv.join.30

ifv.join.30:
	%94 = phi float [ 0.0, %ifv.join.28 ], [ %93, %ifv.29 ]
	br i1 %38, label %ifv.31, label %ifv.join.32

ifv.31:
	%95 = add i64 %37, 14
	%96 = getelementptr float, float addrspace(1)* %p7, i64 %95
	%97 = load float, float addrspace(1)* %96, align 4
	br label %ifv.join.32

ifv.join.32:
	%98 = phi float [ 0.0, %ifv.join.30 ], [ %97, %ifv.31 ]
	br i1 %38, label %ifv.33, label %ifv.join.34

ifv.33:
	%99 = add i64 %37, 15
	%100 = getelementptr float, float addrspace(1)* %p7, i64 %99
	%101 = load float, float addrspace(1)* %100, align 4
	br label %ifv.join.34

ifv.join.34:
	%102 = phi float [ 0.0, %ifv.join.32 ], [ %101, %ifv.33 ]
	%103 = icmp slt i64 0, %i0
	br i1 %103, label %loop.35, label %loop.exit.36

loop.35:
	%104 = phi i64 [ 0, %ifv.join.34 ], [ %374, %loop.35 ]
	%105 = phi float [ %42, %ifv.join.34 ], [ %146, %loop.35 ]
	%106 = phi float [ %46, %ifv.join.34 ], [ %161, %loop.35 ]
	%107 = phi float [ %50, %ifv.join.34 ], [ %176, %loop.35 ]
	%108 = phi float [ %54, %ifv.join.34 ], [ %191, %loop.35 ]
	%109 = phi float [ %58, %ifv.join.34 ], [ %206, %loop.35 ]
	%110 = phi float [ %62, %ifv.join.34 ], [ %221, %loop.35 ]
	%111 = phi float [ %66, %ifv.join.34 ], [ %236, %loop.35 ]
	%112 = phi float [ %70, %ifv.join.34 ], [ %251, %loop.35 ]
	%113 = phi float [ %74, %ifv.join.34 ], [ %266, %loop.35 ]
	%114 = phi float [ %78, %ifv.join.34 ], [ %281, %loop.35 ]
	%115 = phi float [ %82, %ifv.join.34 ], [ %296, %loop.35 ]
	%116 = phi float [ %86, %ifv.join.34 ], [ %311, %loop.35 ]
	%117 = phi float [ %90, %ifv.join.34 ], [ %326, %loop.35 ]
	%118 = phi float [ %94, %ifv.join.34 ], [ %341, %loop.35 ]
	%119 = phi float [ %98, %ifv.join.34 ], [ %356, %loop.35 ]
	%120 = phi float [ %102, %ifv.join.34 ], [ %371, %loop.35 ]
	%121 = mul i64 %3, %i0
	%122 = add i64 %121, %104
	%123 = mul i64 %122, %i1
	%124 = add i64 %123, %15
	%125 = getelementptr float, float addrspace(1)* %p0, i64 %124
	%126 = load float, float addrspace(1)* %125, align 4
	%127 = mul i64 %104, %i5
	%128 = add i64 %22, %127
	%129 = mul i64 %104, %i8
	%130 = add i64 %28, %129
	%131 = mul i64 %104, %i11
	%132 = add i64 %34, %131
	%133 = mul i64 0, %i6
	%134 = add i64 %128, %133
	%135 = getelementptr float, float addrspace(1)* %p1, i64 %134
	%136 = load float, float addrspace(1)* %135, align 4
	%137 = mul i64 0, %i9
	%138 = add i64 %130, %137
	%139 = getelementptr float, float addrspace(1)* %p2, i64 %138
	%140 = load float, float addrspace(1)* %139, align 4
	%141 = mul i64 0, %i12
	%142 = add i64 %132, %141
	%143 = getelementptr float, float addrspace(1)* %p3, i64 %142
	%144 = load float, float addrspace(1)* %143, align 4
	%145 = fmul float %140, %126
	%146 = call float @llvm.fmuladd.f32(float %136, float %105, float %145)
	%147 = call float @llvm.fmuladd.f32(float %144, float %146, float 0.0)
	%148 = mul i64 1, %i6
	%149 = add i64 %128, %148
	%150 = getelementptr float, float addrspace(1)* %p1, i64 %149
	%151 = load float, float addrspace(1)* %150, align 4
	%152 = mul i64 1, %i9
	%153 = add i64 %130, %152
	%154 = getelementptr float, float addrspace(1)* %p2, i64 %153
	%155 = load float, float addrspace(1)* %154, align 4
	%156 = mul i64 1, %i12
	%157 = add i64 %132, %156
	%158 = getelementptr float, float addrspace(1)* %p3, i64 %157
	%159 = load float, float addrspace(1)* %158, align 4
	%160 = fmul float %155, %126
	%161 = call float @llvm.fmuladd.f32(float %151, float %106, float %160)
	%162 = call float @llvm.fmuladd.f32(float %159, float %161, float %147)
	%163 = mul i64 2, %i6
	%164 = add i64 %128, %163
	%165 = getelementptr float, float addrspace(1)* %p1, i64 %164
	%166 = load float, float addrspace(1)* %165, align 4
	%167 = mul i64 2, %i9
	%168 = add i64 %130, %167
	%169 = getelementptr float, float addrspace(1)* %p2, i64 %168
	%170 = load float, float addrspace(1)* %169, align 4
	%171 = mul i64 2, %i12
	%172 = add i64 %132, %171
	%173 = getelementptr float, float addrspace(1)* %p3, i64 %172
	%174 = load float, float addrspace(1)* %173, align 4
	%175 = fmul float %170, %126
	%176 = call float @llvm.fmuladd.f32(float %166, float %107, float %175)
	%177 = call float @llvm.fmuladd.f32(float %174, float %176, float %162)
	%178 = mul i64 3, %i6
	%179 = add i64 %128, %178
	%180 = getelementptr float, float addrspace(1)* %p1, i64 %179
	%181 = load float, float addrspace(1)* %180, align 4
	%182 = mul i64 3, %i9
	%183 = add i64 %130, %182
	%184 = getelementptr float, float addrspace(1)* %p2, i64 %183
	%185 = load float, float addrspace(1)* %184, align 4
	%186 = mul i64 3, %i12
	%187 = add i64 %132, %186
	%188 = getelementptr float, float addrspace(1)* %p3, i64 %187
	%189 = load float, float addrspace(1)* %188, align 4
	%190 = fmul float %185, %126
	%191 = call float @llvm.fmuladd.f32(float %181, float %108, float %190)
	%192 = call float @llvm.fmuladd.f32(float %189, float %191, float %177)
	%193 = mul i64 4, %i6
	%194 = add i64 %128, %193
	%195 = getelementptr float, float addrspace(1)* %p1, i64 %194
	%196 = load float, float addrspace(1)* %195, align 4
	%197 = mul i64 4, %i9
	%198 = add i64 %130, %197
	%199 = getelementptr float, float addrspace(1)* %p2, i64 %198
	%200 = load float, float addrspace(1)* %199, align 4
	%201 = mul i64 4, %i12
	%202 = add i64 %132, %201
	%203 = getelementptr float, float addrspace(1)* %p3, i64 %202
	%204 = load float, float addrspace(1)* %203, align 4
	%205 = fmul float %200, %126
	%206 = call float @llvm.fmuladd.f32(float %196, float %109, float %205)
	%207 = call float @llvm.fmuladd.f32(float %204, float %206, float %192)
	%208 = mul i64 5, %i6
	%209 = add i64 %128, %208
	%210 = getelementptr float, float addrspace(1)* %p1, i64 %209
	%211 = load float, float addrspace(1)* %210, align 4
	%212 = mul i64 5, %i9
	%213 = add i64 %130, %212
	%214 = getelementptr float, float addrspace(1)* %p2, i64 %213
	%215 = load float, float addrspace(1)* %214, align 4
	%216 = mul i64 5, %i12
	%217 = add i64 %132, %216
	%218 = getelementptr float, float addrspace(1)* %p3, i64 %217
	%219 = load float, float addrspace(1)* %218, align 4
	%220 = fmul float %215, %126
	%221 = call float @llvm.fmuladd.f32(float %211, float %110, float %220)
	%222 = call float @llvm.fmuladd.f32(float %219, float %221, float %207)
	%223 = mul i64 6, %i6
	%224 = add i64 %128, %223
	%225 = getelementptr float, float addrspace(1)* %p1, i64 %224
	%226 = load float, float addrspace(1)* %225, align 4
	%227 = mul i64 6, %i9
	%228 = add i64 %130, %227
	%229 = getelementptr float, float addrspace(1)* %p2, i64 %228
	%230 = load float, float addrspace(1)* %229, align 4
	%231 = mul i64 6, %i12
	%232 = add i64 %132, %231
	%233 = getelementptr float, float addrspace(1)* %p3, i64 %232
	%234 = load float, float addrspace(1)* %233, align 4
	%235 = fmul float %230, %126
	%236 = call float @llvm.fmuladd.f32(float %226, float %111, float %235)
	%237 = call float @llvm.fmuladd.f32(float %234, float %236, float %222)
	%238 = mul i64 7, %i6
	%239 = add i64 %128, %238
	%240 = getelementptr float, float addrspace(1)* %p1, i64 %239
	%241 = load float, float addrspace(1)* %240, align 4
	%242 = mul i64 7, %i9
	%243 = add i64 %130, %242
	%244 = getelementptr float, float addrspace(1)* %p2, i64 %243
	%245 = load float, float addrspace(1)* %244, align 4
	%246 = mul i64 7, %i12
	%247 = add i64 %132, %246
	%248 = getelementptr float, float addrspace(1)* %p3, i64 %247
	%249 = load float, float addrspace(1)* %248, align 4
	%250 = fmul float %245, %126
	%251 = call float @llvm.fmuladd.f32(float %241, float %112, float %250)
	%252 = call float @llvm.fmuladd.f32(float %249, float %251, float %237)
	%253 = mul i64 8, %i6
	%254 = add i64 %128, %253
	%255 = getelementptr float, float addrspace(1)* %p1, i64 %254
	%256 = load float, float addrspace(1)* %255, align 4
	%257 = mul i64 8, %i9
	%258 = add i64 %130, %257
	%259 = getelementptr float, float addrspace(1)* %p2, i64 %258
	%260 = load float, float addrspace(1)* %259, align 4
	%261 = mul i64 8, %i12
	%262 = add i64 %132, %261
	%263 = getelementptr float, float addrspace(1)* %p3, i64 %262
	%264 = load float, float addrspace(1)* %263, align 4
	%265 = fmul float %260, %126
	%266 = call float @llvm.fmuladd.f32(float %256, float %113, float %265)
	%267 = call float @llvm.fmuladd.f32(float %264, float %266, float %252)
	%268 = mul i64 9, %i6
	%269 = add i64 %128, %268
	%270 = getelementptr float, float addrspace(1)* %p1, i64 %269
	%271 = load float, float addrspace(1)* %270, align 4
	%272 = mul i64 9, %i9
	%273 = add i64 %130, %272
	%274 = getelementptr float, float addrspace(1)* %p2, i64 %273
	%275 = load float, float addrspace(1)* %274, align 4
	%276 = mul i64 9, %i12
	%277 = add i64 %132, %276
	%278 = getelementptr float, float addrspace(1)* %p3, i64 %277
	%279 = load float, float addrspace(1)* %278, align 4
	%280 = fmul float %275, %126
	%281 = call float @llvm.fmuladd.f32(float %271, float %114, float %280)
	%282 = call float @llvm.fmuladd.f32(float %279, float %281, float %267)
	%283 = mul i64 10, %i6
	%284 = add i64 %128, %283
	%285 = getelementptr float, float addrspace(1)* %p1, i64 %284
	%286 = load float, float addrspace(1)* %285, align 4
	%287 = mul i64 10, %i9
	%288 = add i64 %130, %287
	%289 = getelementptr float, float addrspace(1)* %p2, i64 %288
	%290 = load float, float addrspace(1)* %289, align 4
	%291 = mul i64 10, %i12
	%292 = add i64 %132, %291
	%293 = getelementptr float, float addrspace(1)* %p3, i64 %292
	%294 = load float, float addrspace(1)* %293, align 4
	%295 = fmul float %290, %126
	%296 = call float @llvm.fmuladd.f32(float %286, float %115, float %295)
	%297 = call float @llvm.fmuladd.f32(float %294, float %296, float %282)
	%298 = mul i64 11, %i6
	%299 = add i64 %128, %298
	%300 = getelementptr float, float addrspace(1)* %p1, i64 %299
	%301 = load float, float addrspace(1)* %300, align 4
	%302 = mul i64 11, %i9
	%303 = add i64 %130, %302
	%304 = getelementptr float, float addrspace(1)* %p2, i64 %303
	%305 = load float, float addrspace(1)* %304, align 4
	%306 = mul i64 11, %i12
	%307 = add i64 %132, %306
	%308 = getelementptr float, float addrspace(1)* %p3, i64 %307
	%309 = load float, float addrspace(1)* %308, align 4
	%310 = fmul float %305, %126
	%311 = call float @llvm.fmuladd.f32(float %301, float %116, float %310)
	%312 = call float @llvm.fmuladd.f32(float %309, float %311, float %297)
	%313 = mul i64 12, %i6
	%314 = add i64 %128, %313
	%315 = getelementptr float, float addrspace(1)* %p1, i64 %314
	%316 = load float, float addrspace(1)* %315, align 4
	%317 = mul i64 12, %i9
	%318 = add i64 %130, %317
	%319 = getelementptr float, float addrspace(1)* %p2, i64 %318
	%320 = load float, float addrspace(1)* %319, align 4
	%321 = mul i64 12, %i12
	%322 = add i64 %132, %321
	%323 = getelementptr float, float addrspace(1)* %p3, i64 %322
	%324 = load float, float addrspace(1)* %323, align 4
	%325 = fmul float %320, %126
	%326 = call float @llvm.fmuladd.f32(float %316, float %117, float %325)
	%327 = call float @llvm.fmuladd.f32(float %324, float %326, float %312)
	%328 = mul i64 13, %i6
	%329 = add i64 %128, %328
	%330 = getelementptr float, float addrspace(1)* %p1, i64 %329
	%331 = load float, float addrspace(1)* %330, align 4
	%332 = mul i64 13, %i9
	%333 = add i64 %130, %332
	%334 = getelementptr float, float addrspace(1)* %p2, i64 %333
	%335 = load float, float addrspace(1)* %334, align 4
	%336 = mul i64 13, %i12
	%337 = add i64 %132, %336
	%338 = getelementptr float, float addrspace(1)* %p3, i64 %337
	%339 = load float, float addrspace(1)* %338, align 4
	%340 = fmul float %335, %126
	%341 = call float @llvm.fmuladd.f32(float %331, float %118, float %340)
	%342 = call float @llvm.fmuladd.f32(float %339, float %341, float %327)
	%343 = mul i64 14, %i6
	%344 = add i64 %128, %343
	%345 = getelementptr float, float addrspace(1)* %p1, i64 %344
	%346 = load float, float addrspace(1)* %345, align 4
	%347 = mul i64 14, %i9
	%348 = add i64 %130, %347
	%349 = getelementptr float, float addrspace(1)* %p2, i64 %348
	%350 = load float, float addrspace(1)* %349, align 4
	%351 = mul i64 14, %i12
	%352 = add i64 %132, %351
	%353 = getelementptr float, float addrspace(1)* %p3, i64 %352
	%354 = load float, float addrspace(1)* %353, align 4
	%355 = fmul float %350, %126
	%356 = call float @llvm.fmuladd.f32(float %346, float %119, float %355)
	%357 = call float @llvm.fmuladd.f32(float %354, float %356, float %342)
	%358 = mul i64 15, %i6
	%359 = add i64 %128, %358
	%360 = getelementptr float, float addrspace(1)* %p1, i64 %359
	%361 = load float, float addrspace(1)* %360, align 4
	%362 = mul i64 15, %i9
	%363 = add i64 %130, %362
	%364 = getelementptr float, float addrspace(1)* %p2, i64 %363
	%365 = load float, float addrspace(1)* %364, align 4
	%366 = mul i64 15, %i12
	%367 = add i64 %132, %366
	%368 = getelementptr float, float addrspace(1)* %p3, i64 %367
	%369 = load float, float addrspace(1)* %368, align 4
	%370 = fmul float %365, %126
	%371 = call float @llvm.fmuladd.f32(float %361, float %120, float %370)
	%372 = call float @llvm.fmuladd.f32(float %369, float %371, float %357)
	%373 = getelementptr float, float addrspace(1)* %p9, i64 %124
	store float %372, float addrspace(1)* %373, align 4
	%374 = add i64 %104, 1
	%375 = icmp slt i64 %374, %i0
	br i1 %375, label %loop.35, label %loop.exit.36

loop.exit.36:
	%376 = phi float [ %42, %ifv.join.34 ], [ %146, %loop.35 ]
	%377 = phi float [ %46, %ifv.join.34 ], [ %161, %loop.35 ]
	%378 = phi float [ %50, %ifv.join.34 ], [ %176, %loop.35 ]
	%379 = phi float [ %54, %ifv.join.34 ], [ %191, %loop.35 ]
	%380 = phi float [ %58, %ifv.join.34 ], [ %206, %loop.35 ]
	%381 = phi float [ %62, %ifv.join.34 ], [ %221, %loop.35 ]
	%382 = phi float [ %66, %ifv.join.34 ], [ %236, %loop.35 ]
	%383 = phi float [ %70, %ifv.join.34 ], [ %251, %loop.35 ]
	%384 = phi float [ %74, %ifv.join.34 ], [ %266, %loop.35 ]
	%385 = phi float [ %78, %ifv.join.34 ], [ %281, %loop.35 ]
	%386 = phi float [ %82, %ifv.join.34 ], [ %296, %loop.35 ]
	%387 = phi float [ %86, %ifv.join.34 ], [ %311, %loop.35 ]
	%388 = phi float [ %90, %ifv.join.34 ], [ %326, %loop.35 ]
	%389 = phi float [ %94, %ifv.join.34 ], [ %341, %loop.35 ]
	%390 = phi float [ %98, %ifv.join.34 ], [ %356, %loop.35 ]
	%391 = phi float [ %102, %ifv.join.34 ], [ %371, %loop.35 ]
	%392 = icmp ne i64 %i3, 0
	br i1 %392, label %if.37, label %if.join.38

if.37:
	%393 = add i64 %37, 0
	%394 = getelementptr float, float addrspace(1)* %p8, i64 %393
	store float %376, float addrspace(1)* %394, align 4
	%395 = add i64 %37, 1
	%396 = getelementptr float, float addrspace(1)* %p8, i64 %395
	store float %377, float addrspace(1)* %396, align 4
	%397 = add i64 %37, 2
	%398 = getelementptr float, float addrspace(1)* %p8, i64 %397
	store float %378, float addrspace(1)* %398, align 4
	%399 = add i64 %37, 3
	%400 = getelementptr float, float addrspace(1)* %p8, i64 %399
	store float %379, float addrspace(1)* %400, align 4
	%401 = add i64 %37, 4
	%402 = getelementptr float, float addrspace(1)* %p8, i64 %401
	store float %380, float addrspace(1)* %402, align 4
	%403 = add i64 %37, 5
	%404 = getelementptr float, float addrspace(1)* %p8, i64 %403
	store float %381, float addrspace(1)* %404, align 4
	%405 = add i64 %37, 6
	%406 = getelementptr float, float addrspace(1)* %p8, i64 %405
	store float %382, float addrspace(1)* %406, align 4
	%407 = add i64 %37, 7
	%408 = getelementptr float, float addrspace(1)* %p8, i64 %407
	store float %383, float addrspace(1)* %408, align 4
	%409 = add i64 %37, 8
	%410 = getelementptr float, float addrspace(1)* %p8, i64 %409
	store float %384, float addrspace(1)* %410, align 4
	%411 = add i64 %37, 9
	%412 = getelementptr float, float addrspace(1)* %p8, i64 %411
	store float %385, float addrspace(1)* %412, align 4
	%413 = add i64 %37, 10
	%414 = getelementptr float, float addrspace(1)* %p8, i64 %413
	store float %386, float addrspace(1)* %414, align 4
	%415 = add i64 %37, 11
	%416 = getelementptr float, float addrspace(1)* %p8, i64 %415
	store float %387, float addrspace(1)* %416, align 4
	%417 = add i64 %37, 12
	%418 = getelementptr float, float addrspace(1)* %p8, i64 %417
	store float %388, float addrspace(1)* %418, align 4
	%419 = add i64 %37, 13
	%420 = getelementptr float, float addrspace(1)* %p8, i64 %419
	store float %389, float addrspace(1)* %420, align 4
	%421 = add i64 %37, 14
	%422 = getelementptr float, float addrspace(1)* %p8, i64 %421
	store float %390, float addrspace(1)* %422, align 4
	%423 = add i64 %37, 15
	%424 = getelementptr float, float addrspace(1)* %p8, i64 %423
	store float %391, float addrspace(1)* %424, align 4
	br label %if.join.38

if.join.38:
	br label %if.join.2
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()

declare float @llvm.fmuladd.f32(float %0, float %1, float %2)

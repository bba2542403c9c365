source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

@seqc_ptx_softmax_sh1 = internal addrspace(3) global [256 x float] undef, align 16
@seqc_ptx_softmax_sh2 = internal addrspace(3) global [256 x float] undef, align 16

define ptx_kernel void @seqc_ptx_softmax(i64 %i0, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1) nounwind {
entry:
	%0 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%1 = zext i32 %0 to i64
	%2 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%3 = zext i32 %2 to i64
	%4 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%5 = zext i32 %4 to i64
	%6 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%7 = zext i32 %6 to i64
	%8 = mul i64 %1, %i0
	%9 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%10 = zext i32 %9 to i64
	%11 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%12 = zext i32 %11 to i64
	%13 = mul i64 %12, 256
	%14 = add i64 %13, %10
	%15 = icmp slt i64 %14, %i0
	br i1 %15, label %loop.1, label %loop.exit.2

loop.1:
	%16 = phi i64 [ %14, %entry ], [ %32, %loop.1 ]
	%17 = phi float [ 0xFFF0000000000000, %entry ], [ %31, %loop.1 ]
	%18 = add i64 %8, %16
	%19 = getelementptr float, float addrspace(1)* %p0, i64 %18
	%20 = load float, float addrspace(1)* %19, align 4
	%21 = bitcast float %17 to i32
	%22 = bitcast float %20 to i32
	%23 = and i32 %21, %22
	%24 = bitcast i32 %23 to float
	%25 = fcmp ogt float %20, %17
	%26 = select i1 %25, float %20, float %24
	%27 = fcmp ogt float %17, %20
	%28 = select i1 %27, float %17, float %26
	%29 = fcmp uno float %17, %20
	%30 = fadd float %17, %20
	%31 = select i1 %29, float %30, float %28
	%32 = add i64 %16, 256
	%33 = icmp slt i64 %32, %i0
	br i1 %33, label %loop.1, label %loop.exit.2

loop.exit.2:
	%34 = phi float [ 0xFFF0000000000000, %entry ], [ %31, %loop.1 ]
	%35 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %14
	store float %34, float addrspace(3)* %35, align 4
	call void @llvm.nvvm.barrier0()
	%36 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%37 = zext i32 %36 to i64
	%38 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%39 = zext i32 %38 to i64
	%40 = mul i64 %39, 256
	%41 = add i64 %40, %37
	%42 = icmp slt i64 %41, 128
	br i1 %42, label %if.3, label %if.join.4

if.3:
	%43 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %41
	%44 = load float, float addrspace(3)* %43, align 4
	%45 = add i64 %41, 128
	%46 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %45
	%47 = load float, float addrspace(3)* %46, align 4
	%48 = bitcast float %44 to i32
	%49 = bitcast float %47 to i32
	%50 = and i32 %48, %49
	%51 = bitcast i32 %50 to float
	%52 = fcmp ogt float %47, %44
	%53 = select i1 %52, float %47, float %51
	%54 = fcmp ogt float %44, %47
	%55 = select i1 %54, float %44, float %53
	%56 = fcmp uno float %44, %47
	%57 = fadd float %44, %47
	%58 = select i1 %56, float %57, float %55
	%59 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %41
	store float %58, float addrspace(3)* %59, align 4
	br label %if.join.4

if.join.4:
	call void @llvm.nvvm.barrier0()
	%60 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%61 = zext i32 %60 to i64
	%62 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%63 = zext i32 %62 to i64
	%64 = mul i64 %63, 256
	%65 = add i64 %64, %61
	%66 = icmp slt i64 %65, 64
	br i1 %66, label %if.5, label %if.join.6

if.5:
	%67 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %65
	%68 = load float, float addrspace(3)* %67, align 4
	%69 = add i64 %65, 64
	%70 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %69
	%71 = load float, float addrspace(3)* %70, align 4
	%72 = bitcast float %68 to i32
	%73 = bitcast float %71 to i32
	%74 = and i32 %72, %73
	%75 = bitcast i32 %74 to float
	%76 = fcmp ogt float %71, %68
	%77 = select i1 %76, float %71, float %75
	%78 = fcmp ogt float %68, %71
	%79 = select i1 %78, float %68, float %77
	%80 = fcmp uno float %68, %71
	%81 = fadd float %68, %71
	%82 = select i1 %80, float %81, float %79
	%83 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %65
	store float %82, float addrspace(3)* %83, align 4
	br label %if.join.6

if.join.6:
	call void @llvm.nvvm.barrier0()
	%84 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%85 = zext i32 %84 to i64
	%86 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%87 = zext i32 %86 to i64
	%88 = mul i64 %87, 256
	%89 = add i64 %88, %85
	%90 = icmp slt i64 %89, 32
	br i1 %90, label %if.7, label %if.join.8

if.7:
	%91 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %89
	%92 = load float, float addrspace(3)* %91, align 4
	%93 = add i64 %89, 32
	%94 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %93
	%95 = load float, float addrspace(3)* %94, align 4
	%96 = bitcast float %92 to i32
	%97 = bitcast float %95 to i32
	%98 = and i32 %96, %97
	%99 = bitcast i32 %98 to float
	%100 = fcmp ogt float %95, %92
	%101 = select i1 %100, float %95, float %99
	%102 = fcmp ogt float %92, %95
	%103 = select i1 %102, float %92, float %101
	%104 = fcmp uno float %92, %95
	%105 = fadd float %92, %95
	%106 = select i1 %104, float %105, float %103
	%107 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %89
	store float %106, float addrspace(3)* %107, align 4
	br label %if.join.8

if.join.8:
	call void @llvm.nvvm.barrier0()
	%108 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%109 = zext i32 %108 to i64
	%110 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%111 = zext i32 %110 to i64
	%112 = mul i64 %111, 256
	%113 = add i64 %112, %109
	%114 = icmp slt i64 %113, 16
	br i1 %114, label %if.9, label %if.join.10

if.9:
	%115 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %113
	%116 = load float, float addrspace(3)* %115, align 4
	%117 = add i64 %113, 16
	%118 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %117
	%119 = load float, float addrspace(3)* %118, align 4
	%120 = bitcast float %116 to i32
	%121 = bitcast float %119 to i32
	%122 = and i32 %120, %121
	%123 = bitcast i32 %122 to float
	%124 = fcmp ogt float %119, %116
	%125 = select i1 %124, float %119, float %123
	%126 = fcmp ogt float %116, %119
	%127 = select i1 %126, float %116, float %125
	%128 = fcmp uno float %116, %119
	%129 = fadd float %116, %119
	%130 = select i1 %128, float %129, float %127
	%131 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %113
	store float %130, float addrspace(3)* %131, align 4
	br label %if.join.10

if.join.10:
	call void @llvm.nvvm.barrier0()
	%132 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%133 = zext i32 %132 to i64
	%134 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%135 = zext i32 %134 to i64
	%136 = mul i64 %135, 256
	%137 = add i64 %136, %133
	%138 = icmp slt i64 %137, 8
	br i1 %138, label %if.11, label %if.join.12

if.11:
	%139 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %137
	%140 = load float, float addrspace(3)* %139, align 4
	%141 = add i64 %137, 8
	%142 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %141
	%143 = load float, float addrspace(3)* %142, align 4
	%144 = bitcast float %140 to i32
	%145 = bitcast float %143 to i32
	%146 = and i32 %144, %145
	%147 = bitcast i32 %146 to float
	%148 = fcmp ogt float %143, %140
	%149 = select i1 %148, float %143, float %147
	%150 = fcmp ogt float %140, %143
	%151 = select i1 %150, float %140, float %149
	%152 = fcmp uno float %140, %143
	%153 = fadd float %140, %143
	%154 = select i1 %152, float %153, float %151
	%155 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %137
	store float %154, float addrspace(3)* %155, align 4
	br label %if.join.12

if.join.12:
	call void @llvm.nvvm.barrier0()
	%156 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%157 = zext i32 %156 to i64
	%158 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%159 = zext i32 %158 to i64
	%160 = mul i64 %159, 256
	%161 = add i64 %160, %157
	%162 = icmp slt i64 %161, 4
	br i1 %162, label %if.13, label %if.join.14

if.13:
	%163 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %161
	%164 = load float, float addrspace(3)* %163, align 4
	%165 = add i64 %161, 4
	%166 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %165
	%167 = load float, float addrspace(3)* %166, align 4
	%168 = bitcast float %164 to i32
	%169 = bitcast float %167 to i32
	%170 = and i32 %168, %169
	%171 = bitcast i32 %170 to float
	%172 = fcmp ogt float %167, %164
	%173 = select i1 %172, float %167, float %171
	%174 = fcmp ogt float %164, %167
	%175 = select i1 %174, float %164, float %173
	%176 = fcmp uno float %164, %167
	%177 = fadd float %164, %167
	%178 = select i1 %176, float %177, float %175
	%179 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %161
	store float %178, float addrspace(3)* %179, align 4
	br label %if.join.14

if.join.14:
	call void @llvm.nvvm.barrier0()
	%180 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%181 = zext i32 %180 to i64
	%182 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%183 = zext i32 %182 to i64
	%184 = mul i64 %183, 256
	%185 = add i64 %184, %181
	%186 = icmp slt i64 %185, 2
	br i1 %186, label %if.15, label %if.join.16

if.15:
	%187 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %185
	%188 = load float, float addrspace(3)* %187, align 4
	%189 = add i64 %185, 2
	%190 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %189
	%191 = load float, float addrspace(3)* %190, align 4
	%192 = bitcast float %188 to i32
	%193 = bitcast float %191 to i32
	%194 = and i32 %192, %193
	%195 = bitcast i32 %194 to float
	%196 = fcmp ogt float %191, %188
	%197 = select i1 %196, float %191, float %195
	%198 = fcmp ogt float %188, %191
	%199 = select i1 %198, float %188, float %197
	%200 = fcmp uno float %188, %191
	%201 = fadd float %188, %191
	%202 = select i1 %200, float %201, float %199
	%203 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %185
	store float %202, float addrspace(3)* %203, align 4
	br label %if.join.16

if.join.16:
	call void @llvm.nvvm.barrier0()
	%204 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%205 = zext i32 %204 to i64
	%206 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%207 = zext i32 %206 to i64
	%208 = mul i64 %207, 256
	%209 = add i64 %208, %205
	%210 = icmp slt i64 %209, 1
	br i1 %210, label %if.17, label %if.join.18

if.17:
	%211 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %209
	%212 = load float, float addrspace(3)* %211, align 4
	%213 = add i64 %209, 1
	%214 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %213
	%215 = load float, float addrspace(3)* %214, align 4
	%216 = bitcast float %212 to i32
	%217 = bitcast float %215 to i32
	%218 = and i32 %216, %217
	%219 = bitcast i32 %218 to float
	%220 = fcmp ogt float %215, %212
	%221 = select i1 %220, float %215, float %219
	%222 = fcmp ogt float %212, %215
	%223 = select i1 %222, float %212, float %221
	%224 = fcmp uno float %212, %215
	%225 = fadd float %212, %215
	%226 = select i1 %224, float %225, float %223
	%227 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 %209
	store float %226, float addrspace(3)* %227, align 4
	br label %if.join.18

if.join.18:
	call void @llvm.nvvm.barrier0()
	%228 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%229 = zext i32 %228 to i64
	%230 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%231 = zext i32 %230 to i64
	%232 = mul i64 %231, 256
	%233 = add i64 %232, %229
	%234 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 0
	%235 = load float, float addrspace(3)* %234, align 4
	%236 = icmp slt i64 %233, %i0
	br i1 %236, label %loop.19, label %loop.exit.20

loop.19:
	%237 = phi i64 [ %233, %if.join.18 ], [ %271, %loop.19 ]
	%238 = phi float [ 0.0, %if.join.18 ], [ %270, %loop.19 ]
	%239 = add i64 %8, %237
	%240 = getelementptr float, float addrspace(1)* %p0, i64 %239
	%241 = load float, float addrspace(1)* %240, align 4
	%242 = fsub float %241, %235
	%243 = fcmp olt float %242, -115.0
	%244 = select i1 %243, float -115.0, float %242
	%245 = fcmp ogt float %244, 89.0
	%246 = select i1 %245, float 89.0, float %244
	%247 = call float @llvm.fmuladd.f32(float %246, float 0x3FF7154760000000, float 1.2582912e+07)
	%248 = fsub float %247, 1.2582912e+07
	%249 = call float @llvm.fmuladd.f32(float %248, float 0xBFE62E4000000000, float %246)
	%250 = call float @llvm.fmuladd.f32(float %248, float 0xBEB7F7D1C0000000, float %249)
	%251 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %250, float 0x3F81239E00000000)
	%252 = call float @llvm.fmuladd.f32(float %251, float %250, float 0x3FA5558F20000000)
	%253 = call float @llvm.fmuladd.f32(float %252, float %250, float 0x3FC5554920000000)
	%254 = call float @llvm.fmuladd.f32(float %253, float %250, float 0x3FDFFFFFC0000000)
	%255 = fmul float %250, %250
	%256 = call float @llvm.fmuladd.f32(float %254, float %255, float %250)
	%257 = fadd float %256, 1.0
	%258 = bitcast float %247 to i32
	%259 = sub i32 %258, u0x4B400000
	%260 = ashr i32 %259, 1
	%261 = sub i32 %259, %260
	%262 = add i32 %260, 127
	%263 = shl i32 %262, 23
	%264 = bitcast i32 %263 to float
	%265 = add i32 %261, 127
	%266 = shl i32 %265, 23
	%267 = bitcast i32 %266 to float
	%268 = fmul float %257, %264
	%269 = fmul float %268, %267
	%270 = fadd float %238, %269
	%271 = add i64 %237, 256
	%272 = icmp slt i64 %271, %i0
	br i1 %272, label %loop.19, label %loop.exit.20

loop.exit.20:
	%273 = phi float [ 0.0, %if.join.18 ], [ %270, %loop.19 ]
	%274 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %233
	store float %273, float addrspace(3)* %274, align 4
	call void @llvm.nvvm.barrier0()
	%275 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%276 = zext i32 %275 to i64
	%277 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%278 = zext i32 %277 to i64
	%279 = mul i64 %278, 256
	%280 = add i64 %279, %276
	%281 = icmp slt i64 %280, 128
	br i1 %281, label %if.21, label %if.join.22

if.21:
	%282 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %280
	%283 = load float, float addrspace(3)* %282, align 4
	%284 = add i64 %280, 128
	%285 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %284
	%286 = load float, float addrspace(3)* %285, align 4
	%287 = fadd float %283, %286
	%288 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %280
	store float %287, float addrspace(3)* %288, align 4
	br label %if.join.22

if.join.22:
	call void @llvm.nvvm.barrier0()
	%289 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%290 = zext i32 %289 to i64
	%291 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%292 = zext i32 %291 to i64
	%293 = mul i64 %292, 256
	%294 = add i64 %293, %290
	%295 = icmp slt i64 %294, 64
	br i1 %295, label %if.23, label %if.join.24

if.23:
	%296 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %294
	%297 = load float, float addrspace(3)* %296, align 4
	%298 = add i64 %294, 64
	%299 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %298
	%300 = load float, float addrspace(3)* %299, align 4
	%301 = fadd float %297, %300
	%302 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %294
	store float %301, float addrspace(3)* %302, align 4
	br label %if.join.24

if.join.24:
	call void @llvm.nvvm.barrier0()
	%303 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%304 = zext i32 %303 to i64
	%305 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%306 = zext i32 %305 to i64
	%307 = mul i64 %306, 256
	%308 = add i64 %307, %304
	%309 = icmp slt i64 %308, 32
	br i1 %309, label %if.25, label %if.join.26

if.25:
	%310 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %308
	%311 = load float, float addrspace(3)* %310, align 4
	%312 = add i64 %308, 32
	%313 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %312
	%314 = load float, float addrspace(3)* %313, align 4
	%315 = fadd float %311, %314
	%316 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %308
	store float %315, float addrspace(3)* %316, align 4
	br label %if.join.26

if.join.26:
	call void @llvm.nvvm.barrier0()
	%317 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%318 = zext i32 %317 to i64
	%319 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%320 = zext i32 %319 to i64
	%321 = mul i64 %320, 256
	%322 = add i64 %321, %318
	%323 = icmp slt i64 %322, 16
	br i1 %323, label %if.27, label %if.join.28

if.27:
	%324 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %322
	%325 = load float, float addrspace(3)* %324, align 4
	%326 = add i64 %322, 16
	%327 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %326
	%328 = load float, float addrspace(3)* %327, align 4
	%329 = fadd float %325, %328
	%330 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %322
	store float %329, float addrspace(3)* %330, align 4
	br label %if.join.28

if.join.28:
	call void @llvm.nvvm.barrier0()
	%331 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%332 = zext i32 %331 to i64
	%333 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%334 = zext i32 %333 to i64
	%335 = mul i64 %334, 256
	%336 = add i64 %335, %332
	%337 = icmp slt i64 %336, 8
	br i1 %337, label %if.29, label %if.join.30

if.29:
	%338 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %336
	%339 = load float, float addrspace(3)* %338, align 4
	%340 = add i64 %336, 8
	%341 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %340
	%342 = load float, float addrspace(3)* %341, align 4
	%343 = fadd float %339, %342
	%344 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %336
	store float %343, float addrspace(3)* %344, align 4
	br label %if.join.30

if.join.30:
	call void @llvm.nvvm.barrier0()
	%345 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%346 = zext i32 %345 to i64
	%347 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%348 = zext i32 %347 to i64
	%349 = mul i64 %348, 256
	%350 = add i64 %349, %346
	%351 = icmp slt i64 %350, 4
	br i1 %351, label %if.31, label %if.join.32

if.31:
	%352 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %350
	%353 = load float, float addrspace(3)* %352, align 4
	%354 = add i64 %350, 4
	%355 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %354
	%356 = load float, float addrspace(3)* %355, align 4
	%357 = fadd float %353, %356
	%358 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %350
	store float %357, float addrspace(3)* %358, align 4
	br label %if.join.32

if.join.32:
	call void @llvm.nvvm.barrier0()
	%359 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%360 = zext i32 %359 to i64
	%361 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%362 = zext i32 %361 to i64
	%363 = mul i64 %362, 256
	%364 = add i64 %363, %360
	%365 = icmp slt i64 %364, 2
	br i1 %365, label %if.33, label %if.join.34

if.33:
	%366 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %364
	%367 = load float, float addrspace(3)* %366, align 4
	%368 = add i64 %364, 2
	%369 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %368
	%370 = load float, float addrspace(3)* %369, align 4
	%371 = fadd float %367, %370
	%372 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %364
	store float %371, float addrspace(3)* %372, align 4
	br label %if.join.34

if.join.34:
	call void @llvm.nvvm.barrier0()
	%373 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%374 = zext i32 %373 to i64
	%375 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%376 = zext i32 %375 to i64
	%377 = mul i64 %376, 256
	%378 = add i64 %377, %374
	%379 = icmp slt i64 %378, 1
	br i1 %379, label %if.35, label %if.join.36

if.35:
	%380 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %378
	%381 = load float, float addrspace(3)* %380, align 4
	%382 = add i64 %378, 1
	%383 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %382
	%384 = load float, float addrspace(3)* %383, align 4
	%385 = fadd float %381, %384
	%386 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 %378
	store float %385, float addrspace(3)* %386, align 4
	br label %if.join.36

if.join.36:
	call void @llvm.nvvm.barrier0()
	%387 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%388 = zext i32 %387 to i64
	%389 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%390 = zext i32 %389 to i64
	%391 = mul i64 %390, 256
	%392 = add i64 %391, %388
	%393 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh1, i64 0, i64 0), i64 0
	%394 = load float, float addrspace(3)* %393, align 4
	%395 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_softmax_sh2, i64 0, i64 0), i64 0
	%396 = load float, float addrspace(3)* %395, align 4
	%397 = icmp slt i64 %392, %i0
	br i1 %397, label %loop.37, label %loop.exit.38

loop.37:
	%398 = phi i64 [ %392, %if.join.36 ], [ %433, %loop.37 ]
	%399 = add i64 %8, %398
	%400 = getelementptr float, float addrspace(1)* %p0, i64 %399
	%401 = load float, float addrspace(1)* %400, align 4
	%402 = fsub float %401, %394
	%403 = fcmp olt float %402, -115.0
	%404 = select i1 %403, float -115.0, float %402
	%405 = fcmp ogt float %404, 89.0
	%406 = select i1 %405, float 89.0, float %404
	%407 = call float @llvm.fmuladd.f32(float %406, float 0x3FF7154760000000, float 1.2582912e+07)
	%408 = fsub float %407, 1.2582912e+07
	%409 = call float @llvm.fmuladd.f32(float %408, float 0xBFE62E4000000000, float %406)
	%410 = call float @llvm.fmuladd.f32(float %408, float 0xBEB7F7D1C0000000, float %409)
	%411 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %410, float 0x3F81239E00000000)
	%412 = call float @llvm.fmuladd.f32(float %411, float %410, float 0x3FA5558F20000000)
	%413 = call float @llvm.fmuladd.f32(float %412, float %410, float 0x3FC5554920000000)
	%414 = call float @llvm.fmuladd.f32(float %413, float %410, float 0x3FDFFFFFC0000000)
	%415 = fmul float %410, %410
	%416 = call float @llvm.fmuladd.f32(float %414, float %415, float %410)
	%417 = fadd float %416, 1.0
	%418 = bitcast float %407 to i32
	%419 = sub i32 %418, u0x4B400000
	%420 = ashr i32 %419, 1
	%421 = sub i32 %419, %420
	%422 = add i32 %420, 127
	%423 = shl i32 %422, 23
	%424 = bitcast i32 %423 to float
	%425 = add i32 %421, 127
	%426 = shl i32 %425, 23
	%427 = bitcast i32 %426 to float
	%428 = fmul float %417, %424
	%429 = fmul float %428, %427
	%430 = add i64 %8, %398
	%431 = fdiv float %429, %396
	%432 = getelementptr float, float addrspace(1)* %p1, i64 %430
	store float %431, float addrspace(1)* %432, align 4
	%433 = add i64 %398, 256
	%434 = icmp slt i64 %433, %i0
	br i1 %434, label %loop.37, label %loop.exit.38

loop.exit.38:
	ret void
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()

declare void @llvm.nvvm.barrier0()

declare float @llvm.fmuladd.f32(float %0, float %1, float %2)
